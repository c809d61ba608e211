/**
 * What a handoff property gets to work with: a `SuiteContext` (its own cluster, nodes booted with the
 * target's store, partitions, deadlines, notes) plus the store's three calls on any node, link delay
 * that reaches the mesh and the store's own links, keys unique to this run, and the resolved timing.
 */
import { type LinkDelay, type NodeHandle, type RemoteModule, remote } from 'handoff-harness'
import type { LinkDelaySpec } from '../store-links.js'
import { type ContextOptions, SuiteContext } from '../suite-context.js'
import type { HandoffPropertyId, HandoffStoreModule, HandoffTarget } from './target.js'

export { type ContextOptions, PropertyViolation } from '../suite-context.js'

/** Timing with every default filled in and the time factor applied. */
export interface ResolvedTiming {
  convergenceMs: number
  opTimeoutMs: number
  settleMs: number
  concurrencyWindowMs: number
  workloadMs: number
  linkDelay: Required<LinkDelay>
  quietMs: number
}

function resolveTiming(target: HandoffTarget, f: number): ResolvedTiming {
  const t = target.timing ?? {}
  return {
    convergenceMs: (t.convergenceMs ?? 5000) * f,
    opTimeoutMs: (t.opTimeoutMs ?? 2000) * f,
    settleMs: (t.settleMs ?? 1000) * f,
    concurrencyWindowMs: t.concurrencyWindowMs ?? 5,
    workloadMs: t.workloadMs ?? 1000,
    linkDelay: { ms: t.linkDelay?.ms ?? 20, jitterMs: t.linkDelay?.jitterMs ?? 10 },
    quietMs: (t.quietMs ?? 500) * f,
  }
}

export class HandoffContext extends SuiteContext {
  private readonly store: RemoteModule<HandoffStoreModule>

  private constructor(
    cluster: SuiteContext['cluster'],
    override readonly target: HandoffTarget,
    override readonly property: HandoffPropertyId,
    size: number,
    readonly timing: ResolvedTiming,
  ) {
    super(cluster, target, property, size, timing.convergenceMs)
    this.store = remote<HandoffStoreModule>(target.module)
  }

  static async create(target: HandoffTarget, property: HandoffPropertyId, options: ContextOptions = {}) {
    const cluster = await SuiteContext.startCluster(options)
    const timing = resolveTiming(target, cluster.timeFactor)
    return new HandoffContext(cluster, target, property, options.nodes ?? 3, timing)
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

  // --- link delay: the mesh and the store's own links ---

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
}
