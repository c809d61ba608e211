/**
 * The start sequence of one node: spawn → init (with the directory as of now) → `booted` (boot modules
 * ran, mesh port known) → `ready` (linked to every joined peer). When peers joined while the node
 * booted, a second round of the directory follows `booted` and the start waits for its `ready`. Any failure on the way — boot module throws, the
 * process exits, the deadline passes — kills the process and becomes a NodeStartError with the log tail.
 * A `NodeStarter` is made once per cluster from what every start needs and nothing else: the settings
 * each node's init carries, the launcher, and the two questions a new node asks its cluster (who to
 * link with, which peers a partition hides) — real objects behind narrow interfaces, not callbacks.
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
import { refillWarmPool, takeWarmProcess } from './warm-pool.js'

/** What every node of one cluster is started with. */
export interface StartSettings {
  readonly cluster: string
  readonly secret: string
  readonly timeFactor: number
  readonly heartbeat: HeartbeatSettings
  readonly useWarmPool: boolean
}

/** The cluster's directory, as a starting node needs it (NodeTable). */
export interface StartDirectory {
  /** Joined nodes that have booted, for the new node's directory. */
  peersFor(node: ManagedNode): PeerAddress[]
  /** Tells the other joined nodes about the new one. */
  announce(node: ManagedNode): void
  /** Tells every other node that this one is gone (a start that failed after it booted). */
  tellPeersGone(node: ManagedNode): void
}

/** The partitions in force, as a starting node needs them (LinkControl). */
export interface StartPartitions {
  /** Peers the node must not link with: the partitions in force that involve its name. */
  blockedFor(node: ManagedNode): string[]
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

interface Waiting {
  readonly found: Promise<NodeMessage>
  /** Stops listening (for a wait that is no longer needed). */
  cancel(): void
}

/** `found` resolves with the first message `wanted` accepts; rejects on `boot-failed`, the process's
 * exit or the deadline. Subscribed at once, so a message that comes before the caller awaits is not
 * missed. */
function waitFor(
  proc: NodeProcess,
  wanted: (msg: NodeMessage) => boolean,
  deadline: Promise<never>,
): Waiting {
  let off = (): void => {}
  const found = Promise.race([
    new Promise<NodeMessage>((resolve, reject) => {
      off = proc.subscribe((msg) => {
        if (wanted(msg) || msg.type === 'boot-failed') {
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
  found.catch(() => {})
  return { found, cancel: () => off() }
}

function samePeer(a: PeerAddress, b: PeerAddress): boolean {
  return a.name === b.name && a.host === b.host && a.port === b.port
}

export class NodeStarter {
  /** The cluster's start-up pace: shared by every start of one cluster. */
  private readonly pace = new StartPace()

  constructor(
    private readonly settings: StartSettings,
    private readonly launcher: Launcher,
    private readonly directory: StartDirectory,
    private readonly partitions: StartPartitions,
  ) {}

  async start(node: ManagedNode): Promise<void> {
    const ctx = this.settings
    const { launcher, pace } = this
    const opts = node.options
    node.lifecycle.starting()
    // Not offered to other starting nodes until this incarnation has booted (a restart's old port is gone).
    node.meshPort = -1
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
      node.address = await launcher.place(node.name)
    } catch (err) {
      node.lifecycle.startFailed()
      throw new NodeStartError(node.name, `its ${launcher.network} place: ${(err as Error).message}`, '')
    }
    // A warm process gets its env at init; custom node flags need a cold start.
    const pooled = execArgv.length === 0 && ctx.useWarmPool && launcher.warmPool
    const warm = pooled ? takeWarmProcess() : undefined
    const proc = warm ?? launcher.spawn(node.name, execArgv, opts.env ?? {})
    pace.lastProgressAt = performance.now()
    pace.starting++
    node.process = proc
    // Init first: the node works on it while the rest is set up here. Nothing the node answers can be
    // seen before this turn of the event loop ends, and the log reads the pipe from its start.
    const peers = node.joined ? this.directory.peersFor(node) : []
    const initFailure = this.sendInit(node, proc, peers)
    proc.bind(node.name, node.log)
    let cancelDeadline = (): void => {}
    const deadline = new Promise<never>((_, reject) => {
      cancelDeadline = startDeadline(pace, ctx.timeFactor, proc, opts.startTimeoutMs, (ms, why) =>
        reject(new Error(`not ready within ${ms} ms (${why})`)),
      )
    })
    try {
      if (initFailure !== undefined) throw initFailure
      const booted = waitFor(proc, (msg) => msg.type === 'booted', deadline)
      // The node may send `ready` (round 0) right behind `booted`: listen for both rounds from now on.
      const ready = [0, 1].map((round) =>
        waitFor(proc, (msg) => msg.type === 'ready' && msg.round === round, deadline),
      )
      const bootedMsg = await booted.found
      if (bootedMsg.type === 'booted') node.meshPort = bootedMsg.port
      let round = 0
      if (node.joined) {
        // Peers that joined while it booted were not told about it (it had no port): it links with them.
        const now = this.directory.peersFor(node)
        if (now.some((p) => !peers.some((q) => samePeer(p, q)))) {
          round = 1
          proc.send({ type: 'directory', round, peers: now, blocked: this.partitions.blockedFor(node) })
        }
        this.directory.announce(node)
      }
      ready[1 - round]!.cancel()
      await ready[round]!.found
      node.lifecycle.running()
    } catch (err) {
      if (proc.alive) {
        node.endedByHarness = 'did not start: ended by the harness'
        node.log.note(`did not start (${(err as Error).message}): SIGKILL`)
      }
      proc.signal('SIGKILL')
      await proc.exited
      // Peers may have it in their directory since it booted: they must not wait for it or redial it.
      if (node.meshPort > 0) this.directory.tellPeersGone(node)
      node.lifecycle.startFailed()
      throw new NodeStartError(node.name, (err as Error).message, node.log.tail())
    } finally {
      pace.starting--
      cancelDeadline()
      if (pooled) refillWarmPool()
    }
  }

  /** Sends `init` with the directory as of now; a config that cannot be cloned is the start's failure. */
  private sendInit(node: ManagedNode, proc: NodeProcess, peers: PeerAddress[]): Error | undefined {
    const ctx = this.settings
    const opts = node.options
    try {
      proc.send({
        type: 'init',
        name: node.name,
        cluster: ctx.cluster,
        secret: ctx.secret,
        host: node.address,
        config: opts.config ?? {},
        ports: node.ports,
        env: opts.env ?? {},
        boot: (opts.boot ?? []).map((s) => normalizeSpecifier(s)),
        timeFactor: ctx.timeFactor,
        heartbeat: ctx.heartbeat,
        directory: { peers, blocked: this.partitions.blockedFor(node) },
      })
    } catch (err) {
      return new Error(`its config is not structured-cloneable: ${(err as Error).message}`)
    }
    return undefined
  }
}

/** Arms the start deadline: `startTimeoutMs` when given, else the default that grows with the number of
 * nodes starting concurrently (the largest number seen while this node starts). */
function startDeadline(
  pace: StartPace,
  timeFactor: number,
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
    if (msg.type === 'start-progress' || msg.type === 'booted') pace.lastProgressAt = performance.now()
  })
  let concurrent = Math.max(1, pace.starting)
  const allowed = (): number =>
    (START_BASE_MS + START_PER_CONCURRENT_MS * Math.max(0, concurrent - 1)) * timeFactor
  const check = (): void => {
    concurrent = Math.max(concurrent, pace.starting)
    const from = Math.max(started, pace.lastProgressAt)
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
