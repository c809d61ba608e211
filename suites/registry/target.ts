/**
 * What the registry suite is pointed at: a module with a cluster-wide name registry, booted on every
 * node, that implements `RegistryModule` — register a name (by starting a process that holds it), look
 * a name up, release it, end its process — plus what it claims to guarantee. A property the target does
 * not claim is reported as skipped, never failed.
 *
 * Holders are identified by strings the module chooses (ours: `<node>/<pid id>`); the suite only
 * compares them, so a holder must have the same id from every node and two processes never share one.
 */
import { parseCapabilities, type SuiteTarget, skipReason } from '../suite-target.js'

/** What `register` resolves with: whether this call took the name, and who holds it. */
export type RegisterOutcome =
  /** The name is now held by the new process `holder`. */
  | { ok: true; holder: string }
  /** The name was not taken; `holder` is who holds it, when the registry knows. */
  | { ok: false; holder?: string }

/** The registry contract, as the functions a node exports (each may return a promise). */
export interface RegistryModule {
  /**
   * Starts a process on this node registered under `name` with `value`. Resolves `{ ok: true, holder }`
   * when the registration was accepted, `{ ok: false, holder? }` when the name is taken. An eventually
   * consistent registry may accept the same name on several nodes at once; it must then end up with
   * one holder everywhere (`unique-names`, `one-winner-after-heal`).
   */
  register(name: string, value: unknown): RegisterOutcome | Promise<RegisterOutcome>
  /** The holder of `name` seen from this node, or `undefined` (or `null`) when nobody holds it. */
  lookup(name: string): string | undefined | null | Promise<string | undefined | null>
  /** Releases `name` if a process of this node holds it; resolves whether it did. */
  unregister(name: string): boolean | Promise<boolean>
  /** Ends the process of this node registered under `name` (its names must then go everywhere);
   * resolves whether there was one. */
  exit(name: string): boolean | Promise<boolean>
}

export const REGISTRY_PROPERTY_IDS = [
  'unique-names',
  'lookup-from-every-node',
  'names-removed-on-exit',
  'one-winner-after-heal',
] as const

export type RegistryPropertyId = (typeof REGISTRY_PROPERTY_IDS)[number]

export const REGISTRY_PROPERTY_TITLES: Record<RegistryPropertyId, string> = {
  'unique-names':
    'a name registered concurrently from every node ends with one holder everywhere; a held name cannot be taken',
  'lookup-from-every-node': 'a registered name is found, with the same holder, from every node',
  'names-removed-on-exit': "a process's names are removed everywhere when it exits, and can be taken again",
  'one-winner-after-heal':
    'a name registered on both sides of a partition has exactly one holder after the heal',
}

/** Deadlines. Times are multiplied by the cluster's time factor. */
export interface RegistryTiming {
  /** How long replication may take before "eventually" counts as "never". Default 5000 ms. */
  convergenceMs?: number
  /** Deadline of one register/lookup/unregister/exit call. Default 2000 ms. */
  opTimeoutMs?: number
}

export interface RegistryTarget extends SuiteTarget<RegistryPropertyId> {
  timing?: RegistryTiming
}

/** Why `property` is skipped for `target`, or undefined when it runs. */
export function registrySkipReason(target: RegistryTarget, property: RegistryPropertyId): string | undefined {
  return skipReason(target, property)
}

export function parseRegistryCapabilities(names: readonly unknown[], source: string): RegistryPropertyId[] {
  return parseCapabilities(REGISTRY_PROPERTY_IDS, names, source, 'registry ')
}
