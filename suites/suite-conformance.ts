/**
 * Declares a suite as vitest tests: one test per property inside a `describe` named after the target.
 * Before the tests, the target's setup runs and, when the target lists no capabilities, its module's
 * `capabilities` export is read in a node (so a store that claims one property runs that one). Claimed
 * properties run on a fresh cluster each (through the shared runner); the others are skipped with the
 * reason. A property that errors (the target could not be set up) fails its test with the cause, named
 * as an error, not a verdict. Measurements become annotations; node log tails go to stderr.
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import { PropertyFailedError, PropertySetupError } from './result.js'
import type { ContextOptions, SuiteContext } from './suite-context.js'
import { claimsOf, runProperty, type SuiteDefinition } from './suite-runner.js'
import { type SuiteTarget, skipReason } from './suite-target.js'

export interface ConformanceOptions extends ContextOptions {
  /** Per-test timeout. Default 60 000 ms. */
  timeoutMs?: number
}

export function declareConformance<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  options: ConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 60_000
  // The target as the tests see it (claims read in), or why it could not be set up.
  let claimed: Promise<T> = Promise.resolve(target)
  describe(`${def.suite} conformance: ${target.name}`, () => {
    if (target.unavailable === undefined) {
      let set = false
      beforeAll(async () => {
        await target.setup?.()
        set = true
        claimed = claimsOf(def, target, options)
        // Reported by every test that needs it, not as a hook failure.
        claimed.catch(() => {})
      }, timeout)
      afterAll(async () => {
        if (set) await target.teardown?.()
      }, timeout)
    }
    for (const property of def.properties) {
      test(`${property.id}: ${property.title}`, { timeout }, async ({ skip, annotate }) => {
        // When the claims could not be read, runProperty reports why (the reading is kept per target).
        const known = await claimed.catch(() => target)
        const reason = skipReason(known, property.id)
        if (reason !== undefined) skip(reason)
        try {
          const result = await runProperty(def, target, property.id, options)
          for (const note of result.notes) await annotate(note, 'measurement')
        } catch (err) {
          const report = err instanceof PropertyFailedError || err instanceof PropertySetupError
          if (report && err.result.diagnostics !== undefined) {
            process.stderr.write(`\n${err.message}\n${err.result.diagnostics}\n`)
          }
          throw err
        }
      })
    }
  })
}
