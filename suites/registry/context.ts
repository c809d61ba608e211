/**
 * What a registry property gets to work with: a `SuiteContext` (its own cluster, nodes booted with the
 * target's modules, partitions, deadlines, notes) plus the registry's four calls on any node, with what
 * they return checked against the contract (a module returning something else fails the property, naming
 * the node and the call), names unique to this run, and the resolved timing.
 */
import { type NodeHandle, type RemoteModule, remote } from 'handoff-harness'
import { showValue } from '../history/index.js'
import { type ContextOptions, SuiteContext } from '../suite-context.js'
import type { RegisterOutcome, RegistryModule, RegistryPropertyId, RegistryTarget } from './target.js'

/** Timing with every default filled in and the time factor applied. */
export interface ResolvedRegistryTiming {
  convergenceMs: number
  opTimeoutMs: number
}

export class RegistryContext extends SuiteContext {
  private readonly registry: RemoteModule<RegistryModule>

  private constructor(
    cluster: SuiteContext['cluster'],
    override readonly target: RegistryTarget,
    override readonly property: RegistryPropertyId,
    size: number,
    readonly timing: ResolvedRegistryTiming,
  ) {
    super(cluster, target, property, size, timing.convergenceMs)
    this.registry = remote<RegistryModule>(target.module)
  }

  static async create(target: RegistryTarget, property: RegistryPropertyId, options: ContextOptions = {}) {
    const cluster = await SuiteContext.startCluster(options)
    const f = cluster.timeFactor
    const timing = {
      convergenceMs: (target.timing?.convergenceMs ?? 5000) * f,
      opTimeoutMs: (target.timing?.opTimeoutMs ?? 2000) * f,
    }
    return new RegistryContext(cluster, target, property, options.nodes ?? 3, timing)
  }

  /** A registry name unique to this property run. */
  name(name: string): string {
    return this.prefix + name
  }

  async register(node: NodeHandle, name: string, value: unknown): Promise<RegisterOutcome> {
    const got: unknown = await this.cluster.call(node, this.registry.register, [name, value], this.opts)
    if (isOutcome(got)) return got
    return this.fail(
      `register('${name}') on ${node.name} returned ${showValue(got, 80)}, expected { ok: true, holder: string } ` +
        'or { ok: false, holder?: string }',
    )
  }

  /** The holder of `name` seen from `node` (`null` from the module counts as nobody). */
  async lookup(node: NodeHandle, name: string): Promise<string | undefined> {
    const got: unknown = await this.cluster.call(node, this.registry.lookup, [name], this.opts)
    if (got === undefined || got === null) return undefined
    if (typeof got === 'string') return got
    return this.fail(
      `lookup('${name}') on ${node.name} returned ${showValue(got, 80)}, expected a holder id string or undefined`,
    )
  }

  /** The holder of `name` seen from each node, in the order given. */
  lookupEverywhere(nodes: readonly NodeHandle[], name: string): Promise<Array<string | undefined>> {
    return Promise.all(nodes.map((node) => this.lookup(node, name)))
  }

  async unregister(node: NodeHandle, name: string): Promise<boolean> {
    return Boolean(await this.cluster.call(node, this.registry.unregister, [name], this.opts))
  }

  async exit(node: NodeHandle, name: string): Promise<boolean> {
    return Boolean(await this.cluster.call(node, this.registry.exit, [name], this.opts))
  }

  private get opts() {
    return { timeoutMs: this.timing.opTimeoutMs }
  }
}

function isOutcome(value: unknown): value is RegisterOutcome {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { ok?: unknown; holder?: unknown }
  if (v.ok === true) return typeof v.holder === 'string'
  return v.ok === false && (v.holder === undefined || typeof v.holder === 'string')
}
