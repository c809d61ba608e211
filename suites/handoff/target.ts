/**
 * What the handoff suite is pointed at: a *store* implementing the handoff contract — a module with
 * `stash(key, value)`, `pickup(key)` (the value, or `undefined`) and `remove(key)`, callable in every
 * node, booted on every node — plus what it claims to guarantee. A property the target does not claim
 * is reported as skipped, never failed.
 */
import type { LinkDelay } from 'handoff-harness'
import { parseCapabilities, type SuiteTarget, skipReason } from '../suite-target.js'
import type { LinearizableOptions } from './properties/linearizable.js'

/** The store contract, as the functions a node exports. */
export interface HandoffStoreModule {
  stash(key: string, value: unknown): unknown
  pickup(key: string): unknown
  remove(key: string): unknown
  /** Optional, for the opt-in `linearizable` property: stores `value` when the key holds a value equal to
   * `expected` and returns true, else returns false (the suite never passes `undefined` as `expected`). */
  cas?(key: string, expected: unknown, value: unknown): boolean | Promise<boolean>
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
  'linearizable',
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
  linkDelay?: LinkDelay
  /** Kill -9 property: survivors are read until nothing changed for this long. Default 500 ms. */
  quietMs?: number
}

export interface HandoffTarget extends SuiteTarget<HandoffPropertyId> {
  timing?: HandoffTiming
  /** The `linearizable` property's workload and nemesis (it runs only when listed in `capabilities`). */
  linearizable?: LinearizableOptions
}

/** Why `property` is skipped for `target`, or undefined when it runs. */
export function handoffSkipReason(target: HandoffTarget, property: HandoffPropertyId): string | undefined {
  return skipReason(target, property)
}

/** Checks a list of capability names (e.g. from a store module's `capabilities` export). */
export function parseHandoffCapabilities(names: readonly unknown[], source: string): HandoffPropertyId[] {
  return parseCapabilities(HANDOFF_PROPERTY_IDS, names, source, '')
}
