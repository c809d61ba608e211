/**
 * A private `redis-server` for the Redis-backed bench variants and tests (test/suites/redis-server.ts):
 * started on a free loopback port (never 6379, which may belong to someone else), without persistence,
 * stopped (and awaited) by `stop()`. It is a child of its starter, so the bench's leak check sees it if it
 * were ever left running, and it dies with its starter (`setpriv --pdeathsig` where available, and on exit).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { connect } from 'node:net'
import { delimiter, join } from 'node:path'
import getPort, { portNumbers } from 'get-port'

const SETPRIV = '/usr/bin/setpriv'

/** The `redis-server` binary: `$REDIS_SERVER` when set, else the one on PATH (or /usr/bin), or undefined. */
export function findRedisServer(): string | undefined {
  const given = process.env.REDIS_SERVER
  if (given !== undefined && given !== '') return isExecutable(given) ? given : undefined
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin']
  for (const dir of dirs) {
    if (dir === '') continue
    const file = join(dir, 'redis-server')
    if (isExecutable(file)) return file
  }
  return undefined
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let reply = ''
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}

export class RedisServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly killOnExit: () => void,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  static async start(binary: string): Promise<RedisServer> {
    const port = await getPort({ host: '127.0.0.1', port: portNumbers(16379, 16479), exclude: [6379] })
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    const [cmd, argv] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'SIGKILL', binary, ...args, '--loglevel', 'warning']]
      : [binary, [...args, '--loglevel', 'warning']]
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] })
    let output = ''
    child.stderr?.on('data', (d) => {
      output += d
    })
    const killOnExit = (): void => {
      child.kill('SIGKILL')
    }
    process.once('exit', killOnExit)
    const server = new RedisServer(child, port, killOnExit)
    // Generous: a loaded 2-core machine can take seconds to start a process.
    const deadline = performance.now() + 10_000
    while (performance.now() < deadline) {
      if (child.exitCode !== null) {
        process.off('exit', killOnExit)
        throw new Error(`redis-server exited at start (code ${child.exitCode})\n${output}`)
      }
      if (await ping(port)) return server
      await new Promise((r) => setTimeout(r, 20))
    }
    await server.stop()
    throw new Error(`redis-server did not answer PING on port ${port} within 10 s\n${output}`)
  }

  async stop(): Promise<void> {
    process.off('exit', this.killOnExit)
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGKILL')
    await exited
  }
}
