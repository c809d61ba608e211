/**
 * The cluster manager, living in the test process. It owns a set of real Node child processes (nodes),
 * one control channel to each (IPC), and the directory that tells nodes how to reach each other; it never
 * relays node-to-node traffic. Partitions and link faults are orders to the nodes' mesh, which applies
 * them on its own links, and to the launcher's network when it has one (`network: 'netns'`). Where a
 * node runs and how it is reached is the launcher's (launcher.ts). Every node dies with the manager
 * (see orphan-guard and the node runtime).
 */
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { heartbeatSettings } from '../mesh/heartbeat-settings.js'
import { callerDirectory, type RemoteFn, withBootResolved } from '../remote.js'
import { resolveTimeFactor } from '../time-factor.js'
import type {
  CallOptions,
  ClusterOptions,
  NodeExit,
  NodeHandle,
  NodeHandles,
  NodeOptions,
  NodeRef,
  RollingRestartOptions,
  RollingTimeline,
  StopOptions,
} from '../types.js'
import { ClusterNetwork, createLauncher } from './cluster-network.js'
import type { RemoteFnRef } from './describe-fn.js'
import type { Launcher } from './launcher.js'
import { LinkControl } from './link-control.js'
import { ManagedNode } from './managed-node.js'
import { uniqueClusterName } from './names.js'
import { Nemesis, type NemesisOptions } from './nemesis.js'
import { NodeLog } from './node-log.js'
import type { NodeProcess } from './node-process.js'
import { NodeTable } from './node-table.js'
import { rollingRestart } from './rolling-restart.js'
import { NodeStarter } from './start-node.js'
import { drainWarmPool, ensureWarmPool } from './warm-pool.js'

/** withBootResolved, reading the caller's stack (~0.2 ms) only when there are boot paths to resolve. */
function bootResolved(opts: NodeOptions): NodeOptions {
  return opts.boot === undefined ? opts : withBootResolved(opts, callerDirectory())
}

export class Cluster extends ClusterNetwork implements AsyncDisposable {
  readonly name: string
  readonly timeFactor: number
  readonly logDir: string
  private readonly defaults: NodeOptions
  private readonly table: NodeTable
  protected readonly links: LinkControl
  protected readonly launcher: Launcher
  private readonly starter: NodeStarter
  private startCount = 0
  private stopping: Promise<void> | undefined

  private constructor(opts: ClusterOptions) {
    super()
    this.name = opts.name ?? uniqueClusterName()
    this.table = new NodeTable(this.name)
    this.launcher = createLauncher(opts.network, opts.wrap)
    this.links = new LinkControl(this.name, this.table, this.launcher)
    this.timeFactor = resolveTimeFactor(opts.timeFactor)
    this.logDir = opts.logDir ?? join(tmpdir(), 'handoff-harness', this.name)
    // Relative boot paths are taken from the caller's file (see remote.ts), captured before any await.
    this.defaults = withBootResolved(opts.node ?? {}, callerDirectory())
    const warmPool = opts.warmPool ?? Number(process.env.HANDOFF_WARM_POOL ?? 0)
    if (warmPool > 0) ensureWarmPool(warmPool)
    const settings = {
      cluster: this.name,
      secret: randomBytes(24).toString('base64url'),
      timeFactor: this.timeFactor,
      heartbeat: heartbeatSettings(opts.heartbeat, this.timeFactor),
      useWarmPool: warmPool > 0,
    }
    this.starter = new NodeStarter(settings, this.launcher, this.table, this.links)
  }

  /** Creates a cluster and starts `options.nodes` nodes in parallel. */
  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const cluster = new Cluster(options)
    try {
      await cluster.startNodes(options.nodes ?? 0)
    } catch (err) {
      await cluster.stop()
      throw err
    }
    return cluster
  }

  /** Pre-spawns `size` idle node processes shared by every cluster in this process (see `warmPool`). */
  static prewarm(size: number): void {
    ensureWarmPool(size)
  }

  /** Ends the idle pre-spawned processes and stops refilling the pool. */
  static drainWarmPool(): Promise<void> {
    return drainWarmPool()
  }

  // --- lifecycle ---

  async startNode(options: NodeOptions = {}): Promise<NodeHandle> {
    const opts = bootResolved(options)
    if (this.stopping) throw new Error(`cluster ${this.name} is stopped; start a new one`)
    const name = opts.name ?? `${this.name}-${this.startCount + 1}`
    const existing = this.table.get(name)
    if (existing !== undefined && (existing.process?.alive ?? false)) {
      throw new Error(
        `cluster ${this.name} already has a running node named '${name}'; choose another name or stop it first`,
      )
    }
    const merged: NodeOptions = {
      ...this.defaults,
      ...opts,
      name,
      env: { ...this.defaults.env, ...opts.env },
      config: { ...this.defaults.config, ...opts.config },
    }
    const node =
      existing ?? new ManagedNode(name, merged, new NodeLog(name, join(this.logDir, `${name}.log`)))
    node.options = merged
    node.order = ++this.startCount
    this.table.set(node)
    await this.starter.start(node)
    const proc = node.process!
    void proc.exited.then((exit) => {
      if (node.process !== proc || node.status !== 'running') return
      node.lifecycle.crashed()
      node.log.note(`crashed (${exit.signal ?? `code ${String(exit.code)}`})`)
      this.tellPeersGone(node)
    })
    return node
  }

  startNodes<N extends number>(count: N, opts: NodeOptions = {}): Promise<NodeHandles<N>> {
    return Promise.all(Array.from({ length: count }, () => this.startNode(opts))) as Promise<NodeHandles<N>>
  }

  /** Graceful: the node runs its onShutdown hooks and boot modules' stop(), says bye to its peers and
   * exits; past `timeoutMs` it is SIGKILLed and `forced` is true. */
  async stopNode(ref: NodeRef, opts: StopOptions = {}): Promise<NodeExit> {
    const node = this.table.running(ref, undefined)
    const proc = node.process!
    const started = performance.now()
    node.lifecycle.stopping()
    node.log.note('graceful stop requested')
    proc.send({ type: 'shutdown' })
    const timeoutMs = opts.timeoutMs ?? 5000 * this.timeFactor
    let timer: NodeJS.Timeout | undefined
    const forced = await Promise.race([
      proc.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs)
      }),
    ])
    clearTimeout(timer)
    if (forced) {
      node.log.note(`did not stop within ${timeoutMs} ms: SIGKILL`)
      proc.signal('SIGKILL')
    }
    return this.settle(node, forced ? 'killed' : 'stopped', forced, started)
  }

  /** SIGKILL: no hooks run; peers see the node go down with reason 'disconnect'. */
  async killNode(ref: NodeRef): Promise<NodeExit> {
    const node = this.table.running(ref, undefined)
    const started = performance.now()
    node.log.note('killed (SIGKILL)')
    node.lifecycle.stopping()
    node.process!.signal('SIGKILL')
    return this.settle(node, 'killed', false, started)
  }

  pauseNode(ref: NodeRef): void {
    const node = this.table.running(ref, undefined)
    node.log.note('paused (SIGSTOP)')
    node.process!.signal('SIGSTOP')
  }

  resumeNode(ref: NodeRef): void {
    const node = this.table.running(ref, undefined)
    node.process!.signal('SIGCONT')
    node.log.note('resumed (SIGCONT)')
  }

  /** Same name and options (overridden by `opts`), new process. Stops a running node gracefully first. */
  async restartNode(ref: NodeRef, options: NodeOptions = {}): Promise<NodeHandle> {
    const opts = bootResolved(options)
    const node = this.table.lookup(ref)
    if (node.process?.alive) await this.stopNode(node)
    return this.startNode({ ...node.options, ...opts, name: node.name })
  }

  /** Replaces running nodes one (or `surge`) at a time with a new release; see rolling-restart.ts. */
  rollingRestart(options: RollingRestartOptions = {}): Promise<RollingTimeline> {
    return rollingRestart(this, (name) => this.table.lookup(name).options, options)
  }

  /** Ends every node (fast kill) and closes the logs. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const live = this.table.all().filter((n) => n.process?.alive)
      for (const node of live) node.endAtTeardown()
      await Promise.all(live.map((n) => this.settle(n, 'killed', false, performance.now())))
      await Promise.all(this.table.all().map((n) => n.log.close()))
      await this.launcher.close()
    })()
    return this.stopping
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  // --- calls ---

  call<A extends unknown[], R>(
    ref: NodeRef,
    fn: RemoteFn<A, R>,
    args: A,
    opts: CallOptions = {},
  ): Promise<R> {
    let proc: NodeProcess
    try {
      proc = this.reach(ref, fn)
    } catch (err) {
      return Promise.reject(err)
    }
    return proc.call(fn, args, opts.timeoutMs ?? 10_000 * this.timeFactor) as Promise<R>
  }

  /** Fire and forget; a failure is written to that node's log. */
  cast<A extends unknown[], R>(ref: NodeRef, fn: RemoteFn<A, R>, args: A): void {
    this.reach(ref, fn).cast(fn, args)
  }

  /** The one path a call or a cast takes to a node: its live process, or the typed error. */
  private reach(ref: NodeRef, fn: RemoteFnRef): NodeProcess {
    const proc = this.table.get(typeof ref === 'string' ? ref : ref.name)?.process
    return proc?.alive ? proc : this.table.running(ref, fn).process!
  }

  // --- queries ---

  /** Running nodes, in start order. */
  nodes(): NodeHandle[] {
    return this.table.inStartOrder()
  }

  node(name: string): NodeHandle {
    return this.table.lookup(name)
  }

  logs(ref: NodeRef): string {
    return this.table.lookup(ref).log.text()
  }

  /** The last `lines` lines of every node's log, for failure reports. */
  logTails(lines = 30): string {
    return this.table
      .all()
      .map((n) => `=== ${n.name} (${n.statusLabel}) ${n.logPath}\n${n.log.tail(lines)}`)
      .join('\n')
  }

  /** Starts a seeded fault schedule against the running nodes (see `Nemesis`); `stop()` heals all. */
  nemesis(options: NemesisOptions = {}): Nemesis {
    return new Nemesis(this, options)
  }

  // --- internals ---

  private async settle(
    node: ManagedNode,
    status: 'stopped' | 'killed',
    forced: boolean,
    started: number,
  ): Promise<NodeExit> {
    const proc = node.process!
    const exit = await proc.exited
    // A new incarnation may already be starting: the old exit is not its status.
    if (node.process === proc) node.lifecycle.exited(status)
    node.log.note(`exited (${exit.signal ?? `code ${String(exit.code)}`})`)
    this.tellPeersGone(node)
    return {
      name: node.name,
      code: exit.code,
      signal: exit.signal,
      status,
      forced,
      durationMs: performance.now() - started,
    }
  }

  private tellPeersGone(node: ManagedNode): void {
    if (!this.stopping) this.table.tellPeersGone(node)
  }
}
