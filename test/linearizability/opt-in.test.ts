// `linearizable` is opt-in: claimed only when listed; and a store that lists it without exporting cas
// fails with a message saying so, rather than passing on reads and writes alone.
import {
  claims,
  type HandoffTarget,
  PropertyFailedError,
  runHandoffProperty,
  skipReason,
} from 'handoff-harness/suites'
import { describe, expect, it } from 'vitest'

describe('the linearizable property', () => {
  it('is claimed only by a target that lists it', async () => {
    const target: HandoffTarget = { name: 'plain', module: '#test-nodes/suite-good-store' }
    expect(claims(target, 'same-node-read')).toBe(true)
    expect(claims(target, 'linearizable')).toBe(false)
    expect(skipReason(target, 'linearizable')).toBe(
      "'linearizable' is opt-in: list it in the capabilities of plain",
    )
    const result = await runHandoffProperty(target, 'linearizable')
    expect(result).toMatchObject({ status: 'skipped', claimed: false })
    expect(claims({ ...target, capabilities: ['linearizable'] }, 'linearizable')).toBe(true)
  })

  it('fails with a clear message when the store exports no cas', async () => {
    const target: HandoffTarget = {
      name: 'no-cas',
      module: '#test-nodes/suite-good-store',
      capabilities: ['linearizable'],
      linearizable: { seed: 3, faults: ['delay'], workloadMs: 1500 },
    }
    const err = await runHandoffProperty(target, 'linearizable').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PropertyFailedError)
    expect((err as PropertyFailedError).result.reason).toMatch(
      /#test-nodes\/suite-good-store must export cas\(key, expected, value\) → boolean for the linearizable property: .*cas/,
    )
  })
})
