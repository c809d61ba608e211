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

/** Properties a target claims only by listing them: promises stronger than the suite's contract. */
export const OPT_IN_PROPERTIES: ReadonlySet<string> = new Set(['linearizable'])

/** The target claims `id` (everything but opt-in properties when it lists no capabilities). */
export function claims<Id extends string>(target: SuiteTarget<Id>, id: Id): boolean {
  if (target.capabilities === undefined) return !OPT_IN_PROPERTIES.has(id)
  return new Set(target.capabilities).has(id)
}

/** Why `id` is skipped for `target` (unavailable, or not claimed), or undefined when it runs. */
export function skipReason<Id extends string>(target: SuiteTarget<Id>, id: Id): string | undefined {
  if (target.unavailable !== undefined) return target.unavailable
  if (claims(target, id)) return undefined
  if (target.capabilities === undefined)
    return `'${id}' is opt-in: list it in the capabilities of ${target.name}`
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
