/**
 * `handoffConformance(target)`: declares one vitest test per handoff property, inside a `describe`
 * named after the target. Claimed properties run on a fresh cluster each; the others are skipped with
 * the reason. A failure message names the property and what broke; node log tails follow it.
 *
 * ```ts
 * import { handoffConformance } from 'handoff-harness/suites'
 * handoffConformance({ name: 'my store', module: 'my-store/handoff' })
 * ```
 */
import { type ConformanceOptions, declareConformance } from '../suite-conformance.js'
import { HANDOFF_SUITE } from './run.js'
import type { HandoffTarget } from './target.js'

export type { ConformanceOptions } from '../suite-conformance.js'

export function handoffConformance(target: HandoffTarget, options: ConformanceOptions = {}): void {
  declareConformance(HANDOFF_SUITE, target, options)
}
