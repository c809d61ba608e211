/**
 * Test helpers: a throwaway PostgreSQL (initdb + postgres) or NATS JetStream server on a free port,
 * in a temporary directory, killed with the test process (`setpriv --pdeathsig`) and removed on stop.
 * PostgreSQL refuses to run as root: as root it runs as `nobody`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { chown } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import getPort from 'get-port'
import { waitUntil } from 'handoff-harness'

const SETPRIV = '/usr/bin/setpriv'
const NATS_SERVER =
  process.env.NATS_SERVER ??
  ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(existsSync)

function pgBin(): string | undefined {
  if (process.env.PG_BIN !== undefined) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  return newest === undefined ? undefined : join(root, newest, 'bin')
}

export function pgUnavailable(): string | undefined {
  if (pgBin() === undefined)
    return 'PostgreSQL not found under /usr/lib/postgresql/*/bin (install postgresql or set PG_BIN)'
  if (process.getuid?.() === 0 && !existsSync(SETPRIV))
    return 'running as root without setpriv: PostgreSQL cannot start'
  return undefined
}

export function natsUnavailable(): string | undefined {
  return NATS_SERVER === undefined
    ? 'nats-server not found (install nats-server or set NATS_SERVER)'
    : undefined
}

export interface Server {
  readonly url: string
  stop(): Promise<void>
}

function launch(cmd: string, args: string[], user?: { uid: number; gid: number }): ChildProcess {
  const priv = [
    '--pdeathsig',
    'SIGKILL',
    ...(user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : []),
  ]
  const [file, argv] = existsSync(SETPRIV) ? [SETPRIV, [...priv, cmd, ...args]] : [cmd, args]
  return spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
}

async function serve(
  child: ChildProcess,
  dir: string,
  ready: () => Promise<boolean>,
  what: string,
): Promise<() => Promise<void>> {
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    process.off('exit', kill)
    kill()
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitUntil(async () => child.exitCode === null && (await ready()), {
      timeoutMs: 20_000,
      intervalMs: 100,
      message: what,
    })
  } catch (err) {
    await stop()
    throw new Error(`${(err as Error).message}\noutput:\n${output}`)
  }
  return stop
}

export async function startPostgres(): Promise<Server> {
  const bin = pgBin()!
  const dir = mkdtempSync(join(tmpdir(), 'hh-pg-'))
  const data = join(dir, 'data')
  const user =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'nobody']).toString()),
          gid: Number(execFileSync('id', ['-g', 'nobody']).toString()),
        }
      : undefined
  if (user) await chown(dir, user.uid, user.gid)
  const initdb = launch(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
    user,
  )
  const code = await new Promise<number | null>((resolve) => initdb.once('exit', resolve))
  if (code !== 0) throw new Error(`initdb failed with code ${code}`)
  const port = await getPort({ exclude: [5432] })
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=100',
  ]
  const child = launch(join(bin, 'postgres'), args, user)
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const { Client } = await import('pg')
  const stop = await serve(
    child,
    dir,
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 })
      client.on('error', () => {})
      try {
        await client.connect()
        await client.query('SELECT 1')
        return true
      } catch {
        return false
      } finally {
        await client.end().catch(() => {})
      }
    },
    `postgres on port ${port} to accept queries`,
  )
  return { url, stop }
}

export async function startNats(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'hh-nats-'))
  const port = await getPort({ exclude: [4222] })
  const child = launch(NATS_SERVER!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir])
  const { connect } = await import('nats')
  const stop = await serve(
    child,
    dir,
    async () => {
      try {
        const nc = await connect({ servers: `127.0.0.1:${port}`, timeout: 1000, reconnect: false })
        await nc.jetstreamManager()
        await nc.close()
        return true
      } catch {
        return false
      }
    },
    `nats-server on port ${port} to accept JetStream clients`,
  )
  return { url: `127.0.0.1:${port}`, stop }
}
