/**
 * What a handoff property gets to work with: its own cluster, nodes booted with the target's store,
 * the store's three calls on any node, fault verbs that reach the mesh and the store's own links,
 * keys unique to this run, and a place for measurements (`note`) that end up in the report.
 */
import { randomBytes } from 'node:crypto'
import { Cluster, type NodeHandle, type RemoteModule, remote, waitUntil } from 'handoff-harness'
import type { LinkDelaySpec } from '../store-links.js'
import type { HandoffPropertyId, HandoffStoreModule, HandoffTarget } from './target.js'

/** Timing with every default filled in and the time factor applied. */
export interface ResolvedTiming {
  convergenceMs: number
  opTimeoutMs: number
  settleMs: number
  concurrencyWindowMs: number
  workloadMs: number
  linkDelay: { ms: number; jitterMs: number }
  quietMs: number
}

/** A property found the store breaking it; the message says how. */
export class PropertyViolation extends Error {
  override name = 'PropertyViolation'
}

export interface ContextOptions {
  /** Nodes a property starts with (at least 2). Default 3. */
  nodes?: number
  /** Passed to `Cluster.start` (logDir, timeFactor, heartbeat). */
  cluster?: { logDir?: string; timeFactor?: number }
}

export class HandoffContext implements AsyncDisposable {
  readonly timing: ResolvedTiming
  /** How many nodes the property should start with. */
  readonly size: number
  readonly notes: string[] = []
  private readonly store: RemoteModule<HandoffStoreModule>
  private readonly prefix: string
  private started = 0

  private constructor(
    readonly cluster: Cluster,
    readonly target: HandoffTarget,
    readonly property: HandoffPropertyId,
    size: number,
  ) {
    this.size = Math.max(2, size)
    this.store = remote<HandoffStoreModule>(target.module)
    // Short, run-unique: a shared server (Redis) sees keys of many runs.
    this.prefix = `hh${randomBytes(3).toString('hex')}:`
    const t = target.timing ?? {}
    const f = cluster.timeFactor
    this.timing = {
      convergenceMs: (t.convergenceMs ?? 5000) * f,
      opTimeoutMs: (t.opTimeoutMs ?? 2000) * f,
      settleMs: (t.settleMs ?? 1000) * f,
      concurrencyWindowMs: t.concurrencyWindowMs ?? 5,
      workloadMs: t.workloadMs ?? 1000,
      linkDelay: { ms: t.linkDelay?.ms ?? 20, jitterMs: t.linkDelay?.jitterMs ?? 10 },
      quietMs: (t.quietMs ?? 500) * f,
    }
  }

  static async create(target: HandoffTarget, property: HandoffPropertyId, options: ContextOptions = {}) {
    const cluster = await Cluster.start({ ...options.cluster })
    return new HandoffContext(cluster, target, property, options.nodes ?? 3)
  }

  // --- nodes ---

  /** Starts one node booted with the target's modules (named `<cluster>-<k>`, like the harness does). */
  async startNode(): Promise<NodeHandle> {
    const name = `${this.cluster.name}-${++this.started}`
    const base = this.target.nodeOptions ?? {}
    const extra = (await this.target.links?.prepareNode(name)) ?? {}
    return this.cluster.startNode({
      ...base,
      ...extra,
      name,
      boot: this.target.boot ?? [this.target.module],
      env: { ...base.env, ...extra.env },
      config: { ...base.config, ...extra.config },
    })
  }

  /** Starts `count` nodes in parallel (default: the configured size). */
  startNodes(count = this.size): Promise<NodeHandle[]> {
    return Promise.all(Array.from({ length: count }, () => this.startNode()))
  }

  // --- the store ---

  /** A key unique to this property run. */
  key(name: string): string {
    return this.prefix + name
  }

  stash(node: NodeHandle, key: string, value: unknown): Promise<unknown> {
    return this.cluster.call(node, this.store.stash, [key, value], { timeoutMs: this.timing.opTimeoutMs })
  }

  pickup(node: NodeHandle, key: string): Promise<unknown> {
    return this.cluster.call(node, this.store.pickup, [key], { timeoutMs: this.timing.opTimeoutMs })
  }

  remove(node: NodeHandle, key: string): Promise<unknown> {
    return this.cluster.call(node, this.store.remove, [key], { timeoutMs: this.timing.opTimeoutMs })
  }

  /** Retries `probe` until it holds, up to the convergence deadline. */
  eventually<T>(
    probe: () => T | Promise<T>,
    message: string,
    opts: { timeoutMs?: number; intervalMs?: number } = {},
  ) {
    const { timeoutMs = this.timing.convergenceMs, intervalMs = 10 } = opts
    return waitUntil(probe, { timeoutMs, intervalMs, message })
  }

  // --- faults: the mesh and the store's own links ---

  async partition(...groups: NodeHandle[][]): Promise<void> {
    await this.cluster.partition(...groups)
    await this.target.links?.partition(groups.map((g) => g.map((n) => n.name)))
  }

  async heal(): Promise<void> {
    await this.cluster.heal()
    await this.target.links?.heal()
  }

  /** Delays every link between running nodes, both ways, and the store's links. */
  async delayLinks(delay: LinkDelaySpec): Promise<void> {
    const nodes = this.cluster.nodes()
    await Promise.all(
      nodes.flatMap((a) => nodes.filter((b) => b !== a).map((b) => this.cluster.setLinkDelay(a, b, delay))),
    )
    await this.target.links?.setDelay(delay)
  }

  async clearLinkFaults(): Promise<void> {
    await this.cluster.clearLinkFaults()
    await this.target.links?.setDelay(null)
  }

  // --- reporting ---

  /** Records a measurement or observation for the report. */
  note(text: string): void {
    this.notes.push(text)
  }

  /** Fails the property with this explanation. */
  fail(message: string): never {
    throw new PropertyViolation(message)
  }

  /** Node log tails and store-link events, for a failure report. */
  diagnostics(lines = 20): string {
    const events = this.target.links?.events?.() ?? []
    const linkPart = events.length > 0 ? `\n=== store links\n${events.slice(-lines).join('\n')}` : ''
    return this.cluster.logTails(lines) + linkPart
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cluster.stop()
    await this.target.links?.reset?.()
  }
}
