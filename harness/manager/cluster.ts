/**
 * The cluster manager, living in the test process. It owns a set of real Node child processes (nodes),
 * one control channel to each (IPC), and the directory that tells nodes how to reach each other; it never
 * relays node-to-node traffic. Partitions and link faults are orders to the nodes' mesh, which applies
 * them on its own links. Every node dies with the manager (see orphan-guard and the node runtime).
 */
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NodeNotRunningError, UnknownNodeError } from '../errors.js'
import type { HeartbeatSettings, LinkFault, PeerAddress } from '../protocol.js'
import type { RemoteFn } from '../remote.js'
import { resolveTimeFactor } from '../time-factor.js'
import type {
  CallOptions,
  ClusterOptions,
  NodeExit,
  NodeHandle,
  NodeOptions,
  NodeRef,
  StopOptions,
} from '../types.js'
import { describeFn } from './describe-fn.js'
import { ManagedNode } from './managed-node.js'
import { uniqueClusterName } from './names.js'
import { NodeLog } from './node-log.js'
import { type StartContext, startNode } from './start-node.js'
import { drainWarmPool, ensureWarmPool } from './warm-pool.js'

export class Cluster implements AsyncDisposable {
  readonly name: string
  readonly timeFactor: number
  readonly logDir: string
  private readonly secret = randomBytes(24).toString('base64url')
  private readonly heartbeat: HeartbeatSettings
  private readonly defaults: NodeOptions
  private readonly warmPool: number
  private readonly byName = new Map<string, ManagedNode>()
  private readonly blocked = new Map<string, Set<string>>()
  private startCount = 0
  private stopping: Promise<void> | undefined

  private constructor(opts: ClusterOptions) {
    this.name = opts.name ?? uniqueClusterName()
    this.timeFactor = resolveTimeFactor(opts.timeFactor)
    this.logDir = opts.logDir ?? join(tmpdir(), 'handoff-harness', this.name)
    this.defaults = opts.node ?? {}
    this.warmPool = opts.warmPool ?? Number(process.env.HANDOFF_WARM_POOL ?? 0)
    if (this.warmPool > 0) ensureWarmPool(this.warmPool)
    this.heartbeat = {
      intervalMs: opts.heartbeat?.intervalMs ?? 100,
      timeoutMs: opts.heartbeat?.timeoutMs ?? 1000 * this.timeFactor,
    }
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

  async startNode(opts: NodeOptions = {}): Promise<NodeHandle> {
    if (this.stopping) throw new Error(`cluster ${this.name} is stopped; start a new one`)
    const name = opts.name ?? `${this.name}-${this.startCount + 1}`
    const existing = this.byName.get(name)
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
    this.byName.set(name, node)
    await startNode(this.startContext(), node)
    const proc = node.process!
    void proc.exited.then((exit) => {
      if (node.process !== proc || node.status !== 'running') return
      node.status = 'crashed'
      node.log.note(`crashed (${exit.signal ?? `code ${String(exit.code)}`})`)
      this.tellPeersGone(node)
    })
    return node
  }

  startNodes(count: number, opts: NodeOptions = {}): Promise<NodeHandle[]> {
    return Promise.all(Array.from({ length: count }, () => this.startNode(opts)))
  }

  /** Graceful: the node runs its onShutdown hooks and boot modules' stop(), says bye to its peers and
   * exits; past `timeoutMs` it is SIGKILLed and `forced` is true. */
  async stopNode(ref: NodeRef, opts: StopOptions = {}): Promise<NodeExit> {
    const node = this.running(ref, undefined)
    const proc = node.process!
    const started = performance.now()
    node.status = 'stopping'
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
    const node = this.running(ref, undefined)
    const started = performance.now()
    node.log.note('killed (SIGKILL)')
    node.status = 'stopping'
    node.process!.signal('SIGKILL')
    return this.settle(node, 'killed', false, started)
  }

  pauseNode(ref: NodeRef): void {
    const node = this.running(ref, undefined)
    node.log.note('paused (SIGSTOP)')
    node.process!.signal('SIGSTOP')
  }

  resumeNode(ref: NodeRef): void {
    const node = this.running(ref, undefined)
    node.process!.signal('SIGCONT')
    node.log.note('resumed (SIGCONT)')
  }

  /** Same name and options (overridden by `opts`), new process. Stops a running node gracefully first. */
  async restartNode(ref: NodeRef, opts: NodeOptions = {}): Promise<NodeHandle> {
    const node = this.lookup(ref)
    if (node.process?.alive) await this.stopNode(node)
    return this.startNode({ ...node.options, ...opts, name: node.name })
  }

  /** Ends every node (fast kill) and closes the logs. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const live = [...this.byName.values()].filter((n) => n.process?.alive)
      for (const node of live) node.process!.signal('SIGKILL')
      await Promise.all(live.map((n) => this.settle(n, 'killed', false, performance.now())))
      await Promise.all([...this.byName.values()].map((n) => n.log.close()))
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
    const proc = this.byName.get(typeof ref === 'string' ? ref : ref.name)?.process
    if (proc === undefined || !proc.alive) {
      try {
        this.running(ref, describeFn(fn))
      } catch (err) {
        return Promise.reject(err)
      }
    }
    const timeoutMs = opts.timeoutMs ?? 10_000 * this.timeFactor
    return proc!.call(fn, args, timeoutMs) as Promise<R>
  }

  /** Fire and forget; a failure is written to that node's log. */
  cast<A extends unknown[], R>(ref: NodeRef, fn: RemoteFn<A, R>, args: A): void {
    const label = describeFn(fn)
    this.running(ref, label).process!.cast(label, fn.module, fn.export, args)
  }

  // --- queries ---

  /** Running nodes, in start order. */
  nodes(): NodeHandle[] {
    return [...this.byName.values()].filter((n) => n.status === 'running').sort((a, b) => a.order - b.order)
  }

  node(name: string): NodeHandle {
    return this.lookup(name)
  }

  logs(ref: NodeRef): string {
    return this.lookup(ref).log.text()
  }

  /** The last `lines` lines of every node's log, for failure reports. */
  logTails(lines = 30): string {
    return [...this.byName.values()]
      .map((n) => `=== ${n.name} (${n.status}) ${n.logPath}\n${n.log.tail(lines)}`)
      .join('\n')
  }

  // --- network faults ---

  /** Nodes in different groups can no longer reach each other (both directions); resolves once every
   * cross-group link is down on both sides. Nodes named in no group keep their links. */
  async partition(...groups: NodeRef[][]): Promise<void> {
    const names = groups.map((g) => g.map((r) => this.lookup(r).name))
    const orders: Array<Promise<void>> = []
    names.forEach((group, i) => {
      const others = names.filter((_, j) => j !== i).flat()
      for (const name of group) {
        const set = this.blocked.get(name) ?? new Set()
        for (const o of others) set.add(o)
        this.blocked.set(name, set)
        orders.push(this.controlOf(name, (id) => ({ type: 'block', id, peers: others })))
      }
    })
    await Promise.all(orders)
  }

  /** Undoes every partition; resolves once the links are back up. */
  async heal(): Promise<void> {
    const orders = [...this.blocked].map(([name, peers]) => {
      const all = [...peers]
      const live = all.filter((p) => this.byName.get(p)?.process?.alive)
      return this.controlOf(name, (id) => ({ type: 'unblock', id, peers: all, waitFor: live }))
    })
    this.blocked.clear()
    await Promise.all(orders)
  }

  /** Applies a fault to frames sent from `from` to `to` (one direction); `null` clears it. */
  async setLinkFault(from: NodeRef, to: NodeRef, fault: LinkFault | null): Promise<void> {
    const peer = this.lookup(to).name
    await this.controlOf(this.lookup(from).name, (id) => ({ type: 'fault', id, peer, fault }))
  }

  /** Drops every frame from `from` to `to` (one direction); the link stays up until heartbeats fail. */
  blackhole(from: NodeRef, to: NodeRef): Promise<void> {
    return this.setLinkFault(from, to, { blackhole: true })
  }

  /** Delays every frame from `from` to `to` by `ms` plus up to `jitterMs` (order is kept). */
  setLinkDelay(from: NodeRef, to: NodeRef, delay: { ms: number; jitterMs?: number }): Promise<void> {
    return this.setLinkFault(from, to, { delayMs: delay.ms, jitterMs: delay.jitterMs ?? 0 })
  }

  /** Drops each frame from `from` to `to` with `probability`. */
  setLinkLoss(from: NodeRef, to: NodeRef, probability: number): Promise<void> {
    if (!(probability >= 0 && probability <= 1))
      throw new RangeError(`loss probability must be in [0, 1], got ${probability}`)
    return this.setLinkFault(from, to, { loss: probability })
  }

  /** Clears every link fault between running nodes. */
  async clearLinkFaults(): Promise<void> {
    const running = this.nodes()
    await Promise.all(
      running.flatMap((a) => running.filter((b) => b !== a).map((b) => this.setLinkFault(a, b, null))),
    )
  }

  // --- internals ---

  private controlOf(
    name: string,
    build: Parameters<NonNullable<ManagedNode['process']>['control']>[0],
  ): Promise<void> {
    const proc = this.byName.get(name)?.process
    return proc?.alive ? proc.control(build) : Promise.resolve()
  }

  private lookup(ref: NodeRef): ManagedNode {
    const name = typeof ref === 'string' ? ref : ref.name
    const node = this.byName.get(name)
    if (node === undefined) throw new UnknownNodeError(name, this.name, [...this.byName.keys()])
    return node
  }

  private running(ref: NodeRef, fn: string | undefined): ManagedNode {
    const node = this.lookup(ref)
    const proc = node.process
    if (proc === undefined || !proc.alive) throw new NodeNotRunningError(node.name, fn, node.status)
    return node
  }

  private async settle(
    node: ManagedNode,
    status: NodeExit['status'],
    forced: boolean,
    started: number,
  ): Promise<NodeExit> {
    const proc = node.process!
    const exit = await proc.exited
    node.status = status
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
    if (this.stopping) return
    for (const other of this.byName.values()) {
      if (other !== node) other.process?.send({ type: 'peer-left', name: node.name })
    }
  }

  private startContext(): StartContext {
    const peerAddress = (n: ManagedNode): PeerAddress => ({ name: n.name, port: n.meshPort })
    const meshed = (n: ManagedNode, self: ManagedNode): boolean =>
      n !== self && n.joined && n.meshPort > 0 && (n.process?.alive ?? false) && n.status !== 'stopping'
    return {
      cluster: this.name,
      secret: this.secret,
      timeFactor: this.timeFactor,
      heartbeat: this.heartbeat,
      useWarmPool: this.warmPool > 0,
      blockedFor: (self) => {
        const own = this.blocked.get(self.name) ?? new Set<string>()
        for (const [other, peers] of this.blocked) if (peers.has(self.name)) own.add(other)
        if (own.size > 0) this.blocked.set(self.name, own)
        return [...own]
      },
      peersFor: (self) => [...this.byName.values()].filter((n) => meshed(n, self)).map(peerAddress),
      announce: (self) => {
        for (const n of this.byName.values()) {
          if (meshed(n, self)) n.process!.send({ type: 'peer-joined', peer: peerAddress(self) })
        }
      },
    }
  }
}
