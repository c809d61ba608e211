/**
 * What the handoff suite is pointed at: a *store* implementing the handoff contract — a module with
 * `stash(key, value)`, `pickup(key)` (the value, or `undefined`) and `remove(key)`, callable in every
 * node, booted on every node — plus what it claims to guarantee. A property the target does not claim
 * is reported as skipped, never failed.
 */
import type { NodeOptions } from 'handoff-harness'
import type { StoreLinks } from '../store-links.js'

/** The store contract, as the functions a node exports. */
export interface HandoffStoreModule {
  stash(key: string, value: unknown): unknown
  pickup(key: string): unknown
  remove(key: string): unknown
}

/** The properties of the handoff suite, in the order they run. */
export const HANDOFF_PROPERTY_IDS = [
  'same-node-read',
  'cross-node-visibility',
  'late-joiner',
  'delete',
  'concurrent-writes-converge',
  'graceful-stop-keeps-writes',
  'kill-loss-window',
  'partition-heal-converges',
  'workload-under-delay',
] as const

export type HandoffPropertyId = (typeof HANDOFF_PROPERTY_IDS)[number]

/** Deadlines and workload sizes. Times are multiplied by the cluster's time factor. */
export interface HandoffTiming {
  /** How long replication may take before "eventually" counts as "never". Default 5000 ms. */
  convergenceMs?: number
  /** Deadline of one stash/pickup/remove call. Default 2000 ms. */
  opTimeoutMs?: number
  /** A read on another node this long after a write completed must see it (stale otherwise). Default 1000 ms. */
  settleMs?: number
  /** Writes closer than this count as concurrent (either may win). Default 5 ms (clock granularity). */
  concurrencyWindowMs?: number
  /** Length of the workload under link delay. Default 1000 ms. */
  workloadMs?: number
  /** The link delay of that workload. Default 20 ms + up to 10 ms jitter. */
  linkDelay?: { ms: number; jitterMs?: number }
  /** Kill -9 property: survivors are read until nothing changed for this long. Default 500 ms. */
  quietMs?: number
}

export interface HandoffTarget {
  /** Names the target in test titles, progress and reports. */
  name: string
  /** Specifier of the module with `stash`/`pickup`/`remove` (a package name, `#import`, path or URL). */
  module: string
  /** Boot modules of every node, in order. Default `[module]`. */
  boot?: string[]
  /** Options for every node (config, env, ...); `boot` and `name` are set by the suite. */
  nodeOptions?: Omit<NodeOptions, 'boot' | 'name'>
  /** Properties the store claims. Default: all of them. */
  capabilities?: Iterable<HandoffPropertyId>
  /** When set, every property is skipped with this reason (e.g. "redis-server is not installed"). */
  unavailable?: string
  /** Runs once before the properties (e.g. start a server); the suite awaits it. */
  setup?(): unknown
  /** Runs once after them. */
  teardown?(): unknown
  /** Links the store uses besides the mesh (a connection to a server): faulted along with the mesh. */
  links?: StoreLinks
  timing?: HandoffTiming
}

/** Why `property` is skipped for `target`, or undefined when it runs. */
export function handoffSkipReason(target: HandoffTarget, property: HandoffPropertyId): string | undefined {
  if (target.unavailable !== undefined) return target.unavailable
  if (target.capabilities === undefined) return undefined
  const claimed = new Set(target.capabilities)
  return claimed.has(property)
    ? undefined
    : `not claimed by ${target.name} (capabilities: ${[...claimed].join(', ') || 'none'})`
}

/** Checks a list of capability names (e.g. from a store module's `capabilities` export). */
export function parseHandoffCapabilities(names: readonly unknown[], source: string): HandoffPropertyId[] {
  const known = new Set<string>(HANDOFF_PROPERTY_IDS)
  const unknown = names.filter((n) => typeof n !== 'string' || !known.has(n))
  if (unknown.length > 0) {
    throw new TypeError(
      `${source}: unknown capabilities ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ` +
        `known: ${HANDOFF_PROPERTY_IDS.join(', ')}`,
    )
  }
  return names as HandoffPropertyId[]
}
