/**
 * The handoff suite for the shared runner (no vitest needed): `runHandoffProperty` runs one property on
 * a fresh cluster and rejects with `PropertyFailedError` when the store breaks it; `runHandoffSuite`
 * runs the target's setup, every property in order, its teardown, and collects the results. The vitest
 * wrapper and the CLI are both built on these.
 */
import type { PropertyResult, SuiteResult } from '../result.js'
import {
  findProperty,
  runProperty,
  runSuite,
  type SuiteDefinition,
  type SuiteRunOptions,
} from '../suite-runner.js'
import { type ContextOptions, HandoffContext } from './context.js'
import { partitionHealConverges, workloadUnderDelay } from './properties/faults.js'
import { concurrentWritesConverge, gracefulStopKeepsWrites, killLossWindow } from './properties/lifecycle.js'
import { linearizable } from './properties/linearizable.js'
import {
  crossNodeVisibility,
  deleteReachesEveryNode,
  lateJoiner,
  sameNodeRead,
} from './properties/visibility.js'
import type { HandoffProperty } from './property.js'
import type { HandoffPropertyId, HandoffTarget } from './target.js'

/** Every property of the handoff suite, in `HANDOFF_PROPERTY_IDS` order. */
export const HANDOFF_PROPERTIES: readonly HandoffProperty[] = [
  sameNodeRead,
  crossNodeVisibility,
  lateJoiner,
  deleteReachesEveryNode,
  concurrentWritesConverge,
  gracefulStopKeepsWrites,
  killLossWindow,
  partitionHealConverges,
  workloadUnderDelay,
  linearizable,
]

export const HANDOFF_SUITE: SuiteDefinition<HandoffPropertyId, HandoffTarget, HandoffContext> = {
  suite: 'handoff',
  properties: HANDOFF_PROPERTIES,
  createContext: (target, id, options) => HandoffContext.create(target, id, options),
}

export function handoffProperty(id: HandoffPropertyId): HandoffProperty {
  return findProperty('handoff', HANDOFF_PROPERTIES, id)
}

export type HandoffRunOptions = SuiteRunOptions<HandoffPropertyId>

/**
 * Runs one property. Resolves with a `passed` or `skipped` result; rejects with `PropertyFailedError`
 * (message: `handoff property '<id>' failed for <target>: ...`) when the store breaks it. Does not
 * run the target's setup/teardown (the suite does).
 */
export function runHandoffProperty(
  target: HandoffTarget,
  id: HandoffPropertyId,
  options: ContextOptions = {},
): Promise<PropertyResult> {
  return runProperty(HANDOFF_SUITE, target, id, options)
}

/** Runs the target's setup, every (selected) property, its teardown; never rejects for a failed property. */
export function runHandoffSuite(
  target: HandoffTarget,
  options: HandoffRunOptions = {},
): Promise<SuiteResult> {
  return runSuite(HANDOFF_SUITE, target, options)
}
