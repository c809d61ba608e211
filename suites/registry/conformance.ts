/** `registryConformance(target)`: the registry properties as vitest tests (skipped with the reason until implemented). */
import { describe, test } from 'vitest'
import { type RegistryRunOptions, registrySkipReason, runRegistrySuite } from './run.js'
import { REGISTRY_PROPERTY_IDS, REGISTRY_PROPERTY_TITLES, type RegistryTarget } from './target.js'

/** Declares the registry properties as vitest tests (all skipped, with the reason, until implemented). */
export function registryConformance(target: RegistryTarget, options: RegistryRunOptions = {}): void {
  describe(`registry conformance: ${target.name}`, () => {
    for (const id of REGISTRY_PROPERTY_IDS) {
      test(`${id}: ${REGISTRY_PROPERTY_TITLES[id]}`, async ({ skip }) => {
        const reason = registrySkipReason(target, id)
        if (reason !== undefined) skip(reason)
        const result = await runRegistrySuite(target, { ...options, only: [id] })
        const failed = result.results.find((r) => r.status === 'failed')
        if (failed !== undefined) throw new Error(failed.reason)
      })
    }
  })
}
