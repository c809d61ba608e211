/**
 * The start sequence of one node: spawn → init → `booted` (boot modules ran, mesh port known) → join the
 * directory → `ready` (linked to every joined peer). Any failure on the way — boot module throws, the
 * process exits, the deadline passes — kills the process and becomes a NodeStartError with the log tail.
 */
import getPort from 'get-port'
import { NodeStartError } from '../errors.js'
import type { HeartbeatSettings, NodeMessage, PeerAddress } from '../protocol.js'
import { normalizeSpecifier } from '../remote.js'
import type { Launcher } from './launcher.js'
import type { ManagedNode } from './managed-node.js'
import type { NodeProcess } from './node-process.js'
import { takeWarmProcess } from './warm-pool.js'

export interface StartContext {
  cluster: string
  secret: string
  timeFactor: number
  heartbeat: HeartbeatSettings
  /** Joined nodes that have booted, for the new node's directory. */
  peersFor(node: ManagedNode): PeerAddress[]
  /** Tells the other joined nodes about the new one. */
  announce(node: ManagedNode): void
  useWarmPool: boolean
  /** Where and how the node's process runs. */
  launcher: Launcher
  /** Peers the node must not link with: the partitions in force that involve its name. */
  blockedFor(node: ManagedNode): string[]
}

const INSPECT_LINE = /Debugger listening on (ws:\/\/\S+)/

function waitFor(
  proc: NodeProcess,
  type: NodeMessage['type'],
  deadline: Promise<never>,
): Promise<NodeMessage> {
  return Promise.race([
    new Promise<NodeMessage>((resolve, reject) => {
      const off = proc.subscribe((msg) => {
        if (msg.type === type || msg.type === 'boot-failed') {
          off()
          if (msg.type === 'boot-failed')
            reject(new Error(`a boot module failed: ${msg.error.name}: ${msg.error.message}`))
          else resolve(msg)
        }
      })
      void proc.exited.then((exit) => {
        off()
        const how = exit.signal !== null ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`
        reject(new Error(`the process exited during start (${how})`))
      })
    }),
    deadline,
  ])
}

export async function startNode(ctx: StartContext, node: ManagedNode): Promise<void> {
  const opts = node.options
  const timeoutMs = opts.startTimeoutMs ?? 10_000 * ctx.timeFactor
  node.ports = {}
  for (const portName of opts.ports ?? []) node.ports[portName] = await getPort({ host: '127.0.0.1' })
  const execArgv = [...(opts.execArgv ?? []), ...(opts.inspect === true ? ['--inspect=127.0.0.1:0'] : [])]
  node.log.note(`starting (${new Date().toISOString()})`)
  if (opts.inspect === true) {
    const off = node.log.onLine((line) => {
      const match = INSPECT_LINE.exec(line)
      if (match === null) return
      node.inspectUrl = match[1]
      process.stderr.write(`[handoff-harness] node ${node.name} debugger: ${match[1]}\n`)
      off()
    })
  }
  try {
    node.address = await ctx.launcher.place(node.name)
  } catch (err) {
    node.status = 'crashed'
    throw new NodeStartError(node.name, `its ${ctx.launcher.network} place: ${(err as Error).message}`, '')
  }
  // A warm process gets its env at init; custom node flags need a cold start.
  const pooled = execArgv.length === 0 && ctx.useWarmPool && ctx.launcher.warmPool
  const warm = pooled ? takeWarmProcess() : undefined
  const proc = (warm ?? ctx.launcher.spawn(node.name, execArgv, opts.env ?? {})).bind(node.name, node.log)
  node.process = proc
  node.status = 'starting'
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`not ready within ${timeoutMs} ms (startTimeoutMs)`)),
      timeoutMs,
    )
  })
  try {
    const config = opts.config ?? {}
    try {
      structuredClone(config)
    } catch (err) {
      throw new Error(`its config is not structured-cloneable: ${(err as Error).message}`)
    }
    proc.send({
      type: 'init',
      name: node.name,
      cluster: ctx.cluster,
      secret: ctx.secret,
      host: node.address,
      config,
      ports: node.ports,
      env: opts.env ?? {},
      boot: (opts.boot ?? []).map(normalizeSpecifier),
      timeFactor: ctx.timeFactor,
      heartbeat: ctx.heartbeat,
    })
    const booted = await waitFor(proc, 'booted', deadline)
    if (booted.type === 'booted') node.meshPort = booted.port
    const ready = waitFor(proc, 'ready', deadline)
    proc.send({
      type: 'directory',
      peers: node.joined ? ctx.peersFor(node) : [],
      blocked: ctx.blockedFor(node),
    })
    if (node.joined) ctx.announce(node)
    await ready
    node.status = 'running'
  } catch (err) {
    proc.signal('SIGKILL')
    await proc.exited
    node.status = 'crashed'
    throw new NodeStartError(node.name, (err as Error).message, node.log.tail())
  } finally {
    clearTimeout(timer)
  }
}
