/**
 * The registry suite's target: a module with a cluster-wide name registry, booted on every node.
 * SCAFFOLDING — the registry fixture has not landed yet; the contract below is the extension point the
 * registry work fills in (and may refine). Property ids and result shapes are final.
 */
import type { NodeOptions } from 'handoff-harness'
import type { StoreLinks } from '../store-links.js'

/** What a registry module exports for the suite (callable in any node). */
export interface RegistryModule {
  /** Starts a process on this node registered under `name`; resolves whether it won the name. */
  register(name: string, value: unknown): unknown
  /** Who holds `name`, seen from this node (undefined when nobody does). */
  lookup(name: string): unknown
  /** Releases `name` if this node's process holds it. */
  unregister(name: string): unknown
  /** Ends the process registered under `name` on this node: its names must go cluster-wide. */
  exit(name: string): unknown
}

export const REGISTRY_PROPERTY_IDS = [
  'unique-names',
  'lookup-from-every-node',
  'names-removed-on-exit',
  'one-winner-after-heal',
] as const

export type RegistryPropertyId = (typeof REGISTRY_PROPERTY_IDS)[number]

export const REGISTRY_PROPERTY_TITLES: Record<RegistryPropertyId, string> = {
  'unique-names': 'a name is held by at most one process at a time, cluster-wide',
  'lookup-from-every-node': 'a registered name is found from every node',
  'names-removed-on-exit': "a process's names are removed everywhere when it exits",
  'one-winner-after-heal':
    'a name registered on both sides of a partition has exactly one holder after the heal',
}

export interface RegistryTarget {
  name: string
  /** Specifier of the module implementing `RegistryModule`. */
  module: string
  boot?: string[]
  nodeOptions?: Omit<NodeOptions, 'boot' | 'name'>
  capabilities?: Iterable<RegistryPropertyId>
  unavailable?: string
  setup?(): unknown
  teardown?(): unknown
  links?: StoreLinks
}

export function parseRegistryCapabilities(names: readonly unknown[], source: string): RegistryPropertyId[] {
  const known = new Set<string>(REGISTRY_PROPERTY_IDS)
  const unknown = names.filter((n) => typeof n !== 'string' || !known.has(n))
  if (unknown.length > 0) {
    throw new TypeError(
      `${source}: unknown registry capabilities ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ` +
        `known: ${REGISTRY_PROPERTY_IDS.join(', ')}`,
    )
  }
  return names as RegistryPropertyId[]
}
