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

/** The pid of the redis-server answering on `port` (from `INFO server`), or undefined if none answers. */
function answeringPid(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let reply = ''
    const done = (pid: number | undefined): void => {
      socket.destroy()
      resolve(pid)
    }
    socket.setTimeout(500, () => done(undefined))
    socket.on('error', () => done(undefined))
    socket.on('connect', () => socket.write('INFO server\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      const match = /process_id:(\d+)/.exec(reply)
      if (match?.[1] !== undefined) done(Number(match[1]))
      else if (reply.startsWith('-')) done(undefined)
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

  /**
   * Starts one on a free port. get-port only avoids ports this process handed out, so another process
   * (a parallel test file) may take the same port first: our server then exits at start, or a foreign
   * one answers. Either way we try the next port; a server counts as ours only if its pid is our child's.
   */
  static async start(binary: string): Promise<RedisServer> {
    const tried: number[] = [6379]
    let lastError: Error | undefined
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await getPort({ host: '127.0.0.1', port: portNumbers(16379, 16479), exclude: tried })
      tried.push(port)
      const started = await RedisServer.startOn(binary, port)
      if (started instanceof RedisServer) return started
      lastError = started
    }
    throw lastError ?? new Error('redis-server did not start')
  }

  private static async startOn(binary: string, port: number): Promise<RedisServer | Error> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    // setpriv execs redis-server, so the child's pid is the server's.
    const [cmd, argv] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'SIGKILL', binary, ...args, '--loglevel', 'warning']]
      : [binary, [...args, '--loglevel', 'warning']]
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const keep = (d: Buffer): void => {
      output += d.toString()
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const killOnExit = (): void => {
      child.kill('SIGKILL')
    }
    process.once('exit', killOnExit)
    const server = new RedisServer(child, port, killOnExit)
    // Generous: a loaded 2-core machine can take seconds to start a process.
    const deadline = performance.now() + 10_000
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        process.off('exit', killOnExit)
        return new Error(`redis-server exited at start on port ${port} (code ${child.exitCode})\n${output}`)
      }
      const pid = await answeringPid(port)
      if (pid !== undefined && pid === child.pid) return server
      if (pid !== undefined) {
        await server.stop()
        return new Error(`port ${port} is held by another redis-server (pid ${pid})`)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
    await server.stop()
    return new Error(`redis-server did not answer on port ${port} within 10 s\n${output}`)
  }

  async stop(): Promise<void> {
    process.off('exit', this.killOnExit)
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGKILL')
    await exited
  }
}
