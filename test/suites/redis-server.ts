/**
 * Test helper: a throwaway redis-server on a free port (never the shared 6379), without persistence,
 * killed with the test process (`setpriv --pdeathsig` when available, and on exit).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import getPort from 'get-port'
import { waitUntil } from 'handoff-harness'

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'
const SETPRIV = '/usr/bin/setpriv'

/** Why Redis tests cannot run here, or undefined when they can. */
export function redisUnavailable(): string | undefined {
  return existsSync(REDIS_SERVER)
    ? undefined
    : `redis-server not found at ${REDIS_SERVER} (install redis-server or set REDIS_SERVER to run the Redis store suite)`
}

export interface RedisServer {
  readonly port: number
  readonly url: string
  stop(): Promise<void>
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.end('PING\r\n')
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await getPort({ exclude: [6379] })
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const [cmd, argv] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'SIGKILL', REDIS_SERVER, ...args]]
    : [REDIS_SERVER, args]
  const child: ChildProcess = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await waitUntil(async () => child.exitCode === null && (await accepts(port)), {
      timeoutMs: 10_000,
      message: `redis-server on port ${port} to accept connections`,
    })
  } catch (err) {
    kill()
    throw new Error(`${(err as Error).message}\nredis-server output:\n${output}`)
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', kill)
      child.kill('SIGTERM')
      await exited
    },
  }
}
