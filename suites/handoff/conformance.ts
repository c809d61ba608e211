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
import { afterAll, beforeAll, describe, test } from 'vitest'
import { PropertyFailedError } from '../result.js'
import type { ContextOptions } from './context.js'
import { HANDOFF_PROPERTIES, runHandoffProperty } from './run.js'
import { type HandoffTarget, handoffSkipReason } from './target.js'

export interface ConformanceOptions extends ContextOptions {
  /** Per-test timeout. Default 60 000 ms. */
  timeoutMs?: number
}

export function handoffConformance(target: HandoffTarget, options: ConformanceOptions = {}): void {
  const timeout = options.timeoutMs ?? 60_000
  describe(`handoff conformance: ${target.name}`, () => {
    if (target.unavailable === undefined) {
      beforeAll(async () => {
        await target.setup?.()
      }, timeout)
      afterAll(async () => {
        await target.teardown?.()
      }, timeout)
    }
    for (const property of HANDOFF_PROPERTIES) {
      test(`${property.id}: ${property.title}`, { timeout }, async ({ skip, annotate }) => {
        const reason = handoffSkipReason(target, property.id)
        if (reason !== undefined) skip(reason)
        try {
          const result = await runHandoffProperty(target, property.id, options)
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
