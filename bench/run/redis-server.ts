/**
 * A private `redis-server` for the Redis-backed variants: started on a free loopback port (never 6379,
 * which may belong to someone else), without persistence, stopped (and awaited) by `stop()`. It is a
 * child of the bench, so the leak check sees it if it were ever left running.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { connect } from 'node:net'
import { delimiter, join } from 'node:path'
import getPort, { portNumbers } from 'get-port'

/** The `redis-server` binary on PATH (or /usr/bin), or undefined. */
export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin']
  for (const dir of dirs) {
    if (dir === '') continue
    const file = join(dir, 'redis-server')
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {}
  }
  return undefined
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
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  static async start(binary: string): Promise<RedisServer> {
    const port = await getPort({ host: '127.0.0.1', port: portNumbers(16379, 16479), exclude: [6379] })
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    const server = new RedisServer(child, port)
    const deadline = performance.now() + 5000
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited at start (code ${child.exitCode})`)
      if (await ping(port)) return server
      await new Promise((r) => setTimeout(r, 20))
    }
    await server.stop()
    throw new Error(`redis-server did not answer PING on port ${port} within 5 s`)
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGKILL')
    await exited
  }
}
