/**
 * `handoff-harness/suites`: conformance suites any implementation can run. `handoffConformance(target)`
 * declares vitest tests for the store contract (`stash`/`pickup`/`remove`); `runHandoffSuite` runs the
 * same properties without vitest (the CLI uses it). `registryConformance(target)` / `runRegistrySuite` do
 * the same for the registry contract (`register`/`lookup`/`unregister`/`exit`). Both run on the shared
 * runner (`runSuite`, `SuiteContext`). The history recorder and checker the fault properties use are
 * exported too.
 */
export { handoffConformance } from './handoff/conformance.js'
export { HandoffContext, type ResolvedTiming } from './handoff/context.js'
export type { HandoffProperty } from './handoff/property.js'
export {
  HANDOFF_PROPERTIES,
  HANDOFF_SUITE,
  type HandoffRunOptions,
  handoffProperty,
  runHandoffProperty,
  runHandoffSuite,
} from './handoff/run.js'
export {
  HANDOFF_PROPERTY_IDS,
  type HandoffPropertyId,
  type HandoffStoreModule,
  type HandoffTarget,
  type HandoffTiming,
  handoffSkipReason,
  parseHandoffCapabilities,
} from './handoff/target.js'
export * from './history/index.js'
export * from './linearizability/index.js'
export { describeCrash, type NodeCrash, NodeWatch } from './node-watch.js'
export * from './players/index.js'
export { type ProxiedBackend, type ProxiedBackendOptions, proxiedBackend } from './proxied-backend.js'
export { registryConformance } from './registry/conformance.js'
export { RegistryContext, type ResolvedRegistryTiming } from './registry/context.js'
export type { RegistryProperty } from './registry/property.js'
export {
  REGISTRY_PROPERTIES,
  REGISTRY_SUITE,
  type RegistryRunOptions,
  registryProperty,
  runRegistryProperty,
  runRegistrySuite,
} from './registry/run.js'
export {
  parseRegistryCapabilities,
  REGISTRY_PROPERTY_IDS,
  REGISTRY_PROPERTY_TITLES,
  type RegisterOutcome,
  type RegistryModule,
  type RegistryPropertyId,
  type RegistryTarget,
  type RegistryTiming,
  registrySkipReason,
} from './registry/target.js'
export { formatJunit } from './report/junit.js'
export { formatSuiteTable } from './report/table.js'
export {
  type ProgressEvent,
  PropertyFailedError,
  type PropertyResult,
  PropertySetupError,
  type PropertyStatus,
  type SuiteName,
  type SuiteResult,
} from './result.js'
export type { LinkDelaySpec, StoreLinks } from './store-links.js'
export { type ConformanceOptions, declareConformance } from './suite-conformance.js'
export { type ContextOptions, PropertyViolation, SuiteContext, TargetSetupError } from './suite-context.js'
export {
  claimsOf,
  findProperty,
  runProperty,
  runSuite,
  type SuiteDefinition,
  type SuiteProperty,
  type SuiteRunOptions,
} from './suite-runner.js'
export { claims, type SuiteTarget, skipReason } from './suite-target.js'
