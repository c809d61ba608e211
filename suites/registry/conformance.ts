/**
 * `registryConformance(target)`: declares one vitest test per registry property, inside a `describe`
 * named after the target. Claimed properties run on a fresh cluster each; the others are skipped with
 * the reason. A failure message names the property and what broke; node log tails follow it.
 *
 * ```ts
 * import { registryConformance } from 'handoff-harness/suites'
 * registryConformance({ name: 'registry', module: 'handoff-harness/fixtures/registry-target' })
 * ```
 */
import { type ConformanceOptions, declareConformance } from '../suite-conformance.js'
import { REGISTRY_SUITE } from './run.js'
import type { RegistryTarget } from './target.js'

export function registryConformance(target: RegistryTarget, options: ConformanceOptions = {}): void {
  declareConformance(REGISTRY_SUITE, target, options)
}
