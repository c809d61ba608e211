/**
 * What every conformance suite is pointed at: a module booted on every node that implements the
 * suite's contract, the options its nodes need, what it claims, and the links it uses besides the mesh.
 * Each suite's target (`HandoffTarget`, `RegistryTarget`) adds its own capabilities and timing.
 */
import type { NodeOptions } from 'handoff-harness'
import type { StoreLinks } from './store-links.js'

export interface SuiteTarget<Id extends string = string> {
  /** Names the target in test titles, progress and reports. */
  name: string
  /** Specifier of the module implementing the contract (a package name, `#import`, path or URL). */
  module: string
  /** Boot modules of every node, in order. Default `[module]`. */
  boot?: string[]
  /** Options for every node (config, env, ...); `boot` and `name` are set by the suite. */
  nodeOptions?: Omit<NodeOptions, 'boot' | 'name'>
  /** Properties the target claims. Default: all of them. */
  capabilities?: Iterable<Id>
  /** When set, every property is skipped with this reason (e.g. "redis-server is not installed"). */
  unavailable?: string
  /** Runs once before the properties (e.g. start a server); the suite awaits it. */
  setup?(): unknown
  /** Runs once after them. */
  teardown?(): unknown
  /** Links the target uses besides the mesh (a connection to a server): faulted along with the mesh. */
  links?: StoreLinks
}

/** The target claims `id` (it claims everything when it lists no capabilities). */
export function claims<Id extends string>(target: SuiteTarget<Id>, id: Id): boolean {
  return target.capabilities === undefined || new Set(target.capabilities).has(id)
}

/** Why `id` is skipped for `target` (unavailable, or not claimed), or undefined when it runs. */
export function skipReason<Id extends string>(target: SuiteTarget<Id>, id: Id): string | undefined {
  if (target.unavailable !== undefined) return target.unavailable
  if (claims(target, id)) return undefined
  const claimed = [...(target.capabilities ?? [])]
  return `not claimed by ${target.name} (capabilities: ${claimed.join(', ') || 'none'})`
}

/** Checks a list of capability names (e.g. from a module's `capabilities` export). */
export function parseCapabilities<Id extends string>(
  known: readonly Id[],
  names: readonly unknown[],
  source: string,
  what: string,
): Id[] {
  const set = new Set<string>(known)
  const unknown = names.filter((n) => typeof n !== 'string' || !set.has(n))
  if (unknown.length > 0) {
    throw new TypeError(
      `${source}: unknown ${what}capabilities ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ` +
        `known: ${known.join(', ')}`,
    )
  }
  return names as Id[]
}
