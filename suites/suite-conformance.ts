/**
 * Declares a suite as vitest tests: one test per property inside a `describe` named after the target.
 * Claimed properties run on a fresh cluster each (through the shared runner); the others are skipped
 * with the reason. Measurements become annotations; a failure's node log tails go to stderr under it.
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import { PropertyFailedError } from './result.js'
import type { ContextOptions, SuiteContext } from './suite-context.js'
import { runProperty, type SuiteDefinition } from './suite-runner.js'
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
  describe(`${def.suite} conformance: ${target.name}`, () => {
    if (target.unavailable === undefined) {
      beforeAll(async () => {
        await target.setup?.()
      }, timeout)
      afterAll(async () => {
        await target.teardown?.()
      }, timeout)
    }
    for (const property of def.properties) {
      test(`${property.id}: ${property.title}`, { timeout }, async ({ skip, annotate }) => {
        const reason = skipReason(target, property.id)
        if (reason !== undefined) skip(reason)
        try {
          const result = await runProperty(def, target, property.id, options)
          for (const note of result.notes) await annotate(note, 'measurement')
        } catch (err) {
          if (err instanceof PropertyFailedError && err.result.diagnostics !== undefined) {
            process.stderr.write(`\n${err.message}\n${err.result.diagnostics}\n`)
          }
          throw err
        }
      })
    }
  })
}
