/**
 * Results of conformance runs, shared by every suite, the vitest wrapper and the CLI reporters. Four
 * outcomes, kept apart everywhere: `pass`; `fail` — the target broke the property (the message names it
 * and says what broke, e.g. a node exited without the property asking); `error` — the property could not
 * be run because the target could not be set up (a node did not boot, the module does not import, the
 * target's setup threw: `reason` gives the cause); `skipped` — not claimed by the target, or unavailable.
 * A run holds only when every claimed property passed.
 */

export type SuiteName = 'handoff' | 'registry'

export type PropertyStatus = 'pass' | 'fail' | 'error' | 'skipped'

export interface PropertyResult {
  readonly suite: SuiteName
  readonly property: string
  readonly title: string
  readonly status: PropertyStatus
  /** The target claims it (a claimed property that was skipped — unavailable, not implemented — does not hold). */
  readonly claimed: boolean
  /** Measurements only: never fails on its own findings. */
  readonly informational: boolean
  readonly durationMs: number
  /** Why it was skipped, the failure message, or the setup error. */
  readonly reason?: string
  /** Measurements and observations (latencies, loss windows, history summaries). */
  readonly notes: readonly string[]
  /** Node log tails and link events, on failure. */
  readonly diagnostics?: string
}

export interface SuiteResult {
  readonly suite: SuiteName
  readonly target: string
  readonly nodes: number
  readonly startedAt: string
  readonly durationMs: number
  readonly results: readonly PropertyResult[]
  /** True when every property the target claims passed. */
  readonly ok: boolean
}

/** A property failed (`result.status` is `fail`): `message` names the suite, the property and the
 * target, then says what broke. */
export class PropertyFailedError extends Error {
  override name = 'PropertyFailedError'
  constructor(readonly result: PropertyResult) {
    super(result.reason ?? `${result.suite} property '${result.property}' failed`)
  }
}

/** A property could not run because the target could not be set up (`result.status` is `error`): the
 * message names the property and the target, then gives the cause. Not a verdict on the property. */
export class PropertySetupError extends Error {
  override name = 'PropertySetupError'
  constructor(readonly result: PropertyResult) {
    super(result.reason ?? `${result.suite} property '${result.property}' could not run`)
  }
}

export function failureMessage(suite: SuiteName, property: string, target: string, detail: string): string {
  return `${suite} property '${property}' failed for ${target}: ${detail}`
}

export function errorMessage(suite: SuiteName, property: string, target: string, cause: string): string {
  return `${suite} property '${property}' could not run for ${target} (error, not a verdict): ${cause}`
}

/** When a suite run began: wall-clock time for the report, a `performance.now()` mark for its duration. */
export interface SuiteStart {
  readonly startedAt: string
  readonly started: number
}

/** What a runner returns once every property has run; `nodes` is the requested cluster size (default 3,
 * at least 2, as the runners use it). */
export function suiteResult(
  suite: SuiteName,
  target: string,
  nodes: number | undefined,
  start: SuiteStart,
  results: readonly PropertyResult[],
): SuiteResult {
  return {
    suite,
    target,
    nodes: Math.max(2, nodes ?? 3),
    startedAt: start.startedAt,
    durationMs: performance.now() - start.started,
    results,
    ok: suiteHolds(results),
  }
}

/** Every claimed property passed (nothing failed or errored). */
export function suiteHolds(results: readonly PropertyResult[]): boolean {
  return results.every((r) => r.status === 'pass' || (r.status === 'skipped' && !r.claimed))
}

/** What runners report while they go (the CLI prints it as progress). */
export type ProgressEvent =
  | { type: 'start'; suite: SuiteName; property: string; title: string; index: number; total: number }
  | { type: 'end'; result: PropertyResult; index: number; total: number }
