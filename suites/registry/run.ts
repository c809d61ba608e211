/**
 * The registry suite for the shared runner (no vitest needed): `runRegistryProperty` runs one property
 * on a fresh cluster and rejects with `PropertyFailedError` when the registry breaks it;
 * `runRegistrySuite` runs the target's setup, every property in order, its teardown, and collects the
 * results. The vitest wrapper (conformance.ts) and the CLI are both built on these.
 */
import type { PropertyResult, SuiteResult } from '../result.js'
import type { ContextOptions } from '../suite-context.js'
import {
  findProperty,
  runProperty,
  runSuite,
  type SuiteDefinition,
  type SuiteRunOptions,
} from '../suite-runner.js'
import { RegistryContext } from './context.js'
import { oneWinnerAfterHeal, uniqueNames } from './properties/conflicts.js'
import { namesRemovedOnExit } from './properties/lifecycle.js'
import { lookupFromEveryNode } from './properties/visibility.js'
import type { RegistryProperty } from './property.js'
import type { RegistryPropertyId, RegistryTarget } from './target.js'

/** Every property of the registry suite, in `REGISTRY_PROPERTY_IDS` order. */
export const REGISTRY_PROPERTIES: readonly RegistryProperty[] = [
  uniqueNames,
  lookupFromEveryNode,
  namesRemovedOnExit,
  oneWinnerAfterHeal,
]

export const REGISTRY_SUITE: SuiteDefinition<RegistryPropertyId, RegistryTarget, RegistryContext> = {
  suite: 'registry',
  properties: REGISTRY_PROPERTIES,
  createContext: (target, id, options) => RegistryContext.create(target, id, options),
}

export function registryProperty(id: RegistryPropertyId): RegistryProperty {
  return findProperty('registry', REGISTRY_PROPERTIES, id)
}

export type RegistryRunOptions = SuiteRunOptions<RegistryPropertyId>

/**
 * Runs one property. Resolves with a `passed` or `skipped` result; rejects with `PropertyFailedError`
 * (message: `registry property '<id>' failed for <target>: ...`) when the registry breaks it. Does not
 * run the target's setup/teardown (the suite does).
 */
export function runRegistryProperty(
  target: RegistryTarget,
  id: RegistryPropertyId,
  options: ContextOptions = {},
): Promise<PropertyResult> {
  return runProperty(REGISTRY_SUITE, target, id, options)
}

/** Runs the target's setup, every (selected) property, its teardown; never rejects for a failed property. */
export function runRegistrySuite(
  target: RegistryTarget,
  options: RegistryRunOptions = {},
): Promise<SuiteResult> {
  return runSuite(REGISTRY_SUITE, target, options)
}
