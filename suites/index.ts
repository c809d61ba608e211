/**
 * `handoff-harness/suites`: conformance suites any implementation can run. `handoffConformance(target)`
 * declares vitest tests for the store contract (`stash`/`pickup`/`remove`); `runHandoffSuite` runs the
 * same properties without vitest (the CLI uses it), on the runner every suite shares (`runSuite`,
 * `SuiteContext`). `registryConformance` is scaffolding until the registry lands. The history recorder
 * and checker the fault properties use are exported too.
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
export { type ProxiedBackend, type ProxiedBackendOptions, proxiedBackend } from './proxied-backend.js'
export { registryConformance } from './registry/conformance.js'
export {
  REGISTRY_PROPERTIES,
  type RegistryProperty,
  type RegistryRunOptions,
  registrySkipReason,
  runRegistrySuite,
} from './registry/run.js'
export {
  parseRegistryCapabilities,
  REGISTRY_PROPERTY_IDS,
  REGISTRY_PROPERTY_TITLES,
  type RegistryModule,
  type RegistryPropertyId,
  type RegistryTarget,
} from './registry/target.js'
export { formatJunit } from './report/junit.js'
export { formatSuiteTable } from './report/table.js'
export {
  type ProgressEvent,
  PropertyFailedError,
  type PropertyResult,
  type PropertyStatus,
  type SuiteName,
  type SuiteResult,
} from './result.js'
export type { LinkDelaySpec, StoreLinks } from './store-links.js'
export { type ConformanceOptions, declareConformance } from './suite-conformance.js'
export { type ContextOptions, PropertyViolation, SuiteContext } from './suite-context.js'
export {
  findProperty,
  runProperty,
  runSuite,
  type SuiteDefinition,
  type SuiteProperty,
  type SuiteRunOptions,
} from './suite-runner.js'
export { claims, type SuiteTarget, skipReason } from './suite-target.js'
