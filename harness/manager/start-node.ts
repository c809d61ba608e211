/**
 * The start sequence of one node: spawn → init → `booted` (boot modules ran, mesh port known) → join the
 * directory → `ready` (linked to every joined peer). Any failure on the way — boot module throws, the
 * process exits, the deadline passes — kills the process and becomes a NodeStartError with the log tail.
 */
import getPort from 'get-port'
import type { NodeMessage } from '../control-channel.js'
import { NodeStartError } from '../errors.js'
import type { HeartbeatSettings } from '../mesh/heartbeat-settings.js'
import type { PeerAddress } from '../mesh/peer-address.js'
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
  /** The cluster's start-up pace: the same object for every start of one cluster. */
  pace: StartPace
}

/** Default start deadline: 10 s, plus 1 s for each other node starting at the same time (× time
 * factor), counted from the later of this node's start and the cluster's last start progress (a node
 * spawned, booted, or linked to more peers: `start-progress`) — a slow start that moves is not a failed
 * one. The manager spawns nodes one after another (a spawn waits for the child to exec: ~1 s each on a
 * 2-core machine at load 40) and a node is ready only once linked to every peer, so it cannot be ready
 * while its cluster is still growing; 64 nodes on 2 cores take tens of seconds with nothing wrong. */
const START_BASE_MS = 10_000
const START_PER_CONCURRENT_MS = 1_000

/** How many nodes of one cluster are starting, and when the last one was spawned, booted or linked. */
export class StartPace {
  starting = 0
  lastProgressAt = 0
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
          if (msg.type === 'boot-failed') reject(new Error(msg.error.message))
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
  node.ports = {}
  for (const portName of opts.ports ?? []) node.ports[portName] = await getPort({ host: '127.0.0.1' })
  const execArgv = [...(opts.execArgv ?? []), ...(opts.inspect === true ? ['--inspect=127.0.0.1:0'] : [])]
  node.endedByHarness = undefined
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
  ctx.pace.lastProgressAt = performance.now()
  ctx.pace.starting++
  node.process = proc
  node.status = 'starting'
  let cancelDeadline = (): void => {}
  const deadline = new Promise<never>((_, reject) => {
    cancelDeadline = startDeadline(ctx, proc, opts.startTimeoutMs, (ms, why) =>
      reject(new Error(`not ready within ${ms} ms (${why})`)),
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
      boot: (opts.boot ?? []).map((s) => normalizeSpecifier(s)),
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
    if (proc.alive) {
      node.endedByHarness = 'did not start: ended by the harness'
      node.log.note(`did not start (${(err as Error).message}): SIGKILL`)
    }
    proc.signal('SIGKILL')
    await proc.exited
    node.status = 'crashed'
    throw new NodeStartError(node.name, (err as Error).message, node.log.tail())
  } finally {
    ctx.pace.starting--
    cancelDeadline()
  }
}

/** Arms the start deadline: `startTimeoutMs` when given, else the default that grows with the number of
 * nodes starting concurrently (the largest number seen while this node starts). */
function startDeadline(
  ctx: StartContext,
  proc: NodeProcess,
  explicitMs: number | undefined,
  expired: (ms: number, why: string) => void,
): () => void {
  let timer: NodeJS.Timeout
  if (explicitMs !== undefined) {
    timer = setTimeout(() => expired(explicitMs, 'startTimeoutMs'), explicitMs)
    return () => clearTimeout(timer)
  }
  const started = performance.now()
  const offProgress = proc.subscribe((msg) => {
    if (msg.type === 'start-progress' || msg.type === 'booted') ctx.pace.lastProgressAt = performance.now()
  })
  let concurrent = Math.max(1, ctx.pace.starting)
  const allowed = (): number =>
    (START_BASE_MS + START_PER_CONCURRENT_MS * Math.max(0, concurrent - 1)) * ctx.timeFactor
  const check = (): void => {
    concurrent = Math.max(concurrent, ctx.pace.starting)
    const from = Math.max(started, ctx.pace.lastProgressAt)
    const left = allowed() - (performance.now() - from)
    if (left > 0) {
      timer = setTimeout(check, left)
      return
    }
    const others = concurrent - 1
    expired(
      Math.round(allowed()),
      `the default start timeout with ${others} other node${others === 1 ? '' : 's'} starting at once; set startTimeoutMs`,
    )
  }
  timer = setTimeout(check, allowed())
  return () => {
    offProgress()
    clearTimeout(timer)
  }
}
