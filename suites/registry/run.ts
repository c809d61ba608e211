/**
 * Runner of the registry suite (the vitest wrapper is conformance.ts). SCAFFOLDING: no property is implemented until the
 * registry fixture lands. Each property is an entry of `REGISTRY_PROPERTIES`; `undefined` means "not
 * implemented yet", reported as skipped — and, when the target claims it, as not holding (the CLI
 * exits non-zero), so nobody mistakes an unverified registry for a conforming one.
 *
 * To implement one: give it a `run(ctx)` (a cluster-taking async function, as in the handoff suite),
 * e.g. by adding a `RegistryContext` next to `handoff/context.ts` that calls `RegistryModule`.
 */
import { type ProgressEvent, type PropertyResult, type SuiteResult, suiteResult } from '../result.js'
import {
  REGISTRY_PROPERTY_IDS,
  REGISTRY_PROPERTY_TITLES,
  type RegistryPropertyId,
  type RegistryTarget,
} from './target.js'

export interface RegistryProperty {
  readonly id: RegistryPropertyId
  run(target: RegistryTarget, options: RegistryRunOptions): Promise<string[]>
}

/** The extension point: fill these in when the registry lands. */
export const REGISTRY_PROPERTIES: Record<RegistryPropertyId, RegistryProperty | undefined> = {
  'unique-names': undefined,
  'lookup-from-every-node': undefined,
  'names-removed-on-exit': undefined,
  'one-winner-after-heal': undefined,
}

export interface RegistryRunOptions {
  nodes?: number
  only?: readonly RegistryPropertyId[]
  onProgress?: (event: ProgressEvent) => void
}

export function registrySkipReason(target: RegistryTarget, id: RegistryPropertyId): string | undefined {
  if (target.unavailable !== undefined) return target.unavailable
  if (target.capabilities !== undefined && !new Set(target.capabilities).has(id))
    return `not claimed by ${target.name}`
  if (REGISTRY_PROPERTIES[id] === undefined)
    return 'not implemented yet: the registry suite waits for the registry fixture'
  return undefined
}

export async function runRegistrySuite(
  target: RegistryTarget,
  options: RegistryRunOptions = {},
): Promise<SuiteResult> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const ids = REGISTRY_PROPERTY_IDS.filter((id) => options.only === undefined || options.only.includes(id))
  const results: PropertyResult[] = []
  const runs = ids.some((id) => registrySkipReason(target, id) === undefined)
  if (runs) await target.setup?.()
  try {
    for (const [index, id] of ids.entries()) {
      const title = REGISTRY_PROPERTY_TITLES[id]
      options.onProgress?.({
        type: 'start',
        suite: 'registry',
        property: id,
        title,
        index,
        total: ids.length,
      })
      const claimed = target.capabilities === undefined || new Set(target.capabilities).has(id)
      const base = { suite: 'registry' as const, property: id, title, claimed, informational: false }
      const reason = registrySkipReason(target, id)
      let result: PropertyResult
      if (reason !== undefined) {
        result = { ...base, status: 'skipped', durationMs: 0, reason, notes: [] }
      } else {
        const t0 = performance.now()
        try {
          const notes = await REGISTRY_PROPERTIES[id]!.run(target, options)
          result = { ...base, status: 'passed', durationMs: performance.now() - t0, notes }
        } catch (err) {
          const detail = err instanceof Error ? err.message : String(err)
          const message = `registry property '${id}' failed for ${target.name}: ${detail}`
          result = {
            ...base,
            status: 'failed',
            durationMs: performance.now() - t0,
            reason: message,
            notes: [],
          }
        }
      }
      results.push(result)
      options.onProgress?.({ type: 'end', result, index, total: ids.length })
    }
  } finally {
    if (runs) await target.teardown?.()
  }
  return suiteResult('registry', target.name, options.nodes, { startedAt, started }, results)
}
