/** Player actions applied at most once, as runs per player (pure: fixtures/game/actions.ts). */
import fc from 'fast-check'
import { applicationCounts, applyAction, lastApplied } from 'handoff-harness/fixtures/game'
import { describe, expect, test } from 'vitest'

describe('applyAction', () => {
  test('in-order actions extend one run; a retry is acknowledged without applying', () => {
    let applied = {}
    for (const seq of [1, 2, 3]) applied = applyAction(applied, { player: 'ann', seq }).applied
    const retry = applyAction(applied, { player: 'ann', seq: 2 })
    expect(retry.fresh).toBe(false)
    expect(retry.applied).toBe(applied)
    expect(applied).toEqual({ ann: [[1, 3]] })
  })

  test('a gap (a session that resumed from an older stash) starts a new run', () => {
    let applied = applyAction({}, { player: 'ann', seq: 1 }).applied
    applied = applyAction(applied, { player: 'ann', seq: 4 }).applied
    expect(applied).toEqual({
      ann: [
        [1, 1],
        [4, 4],
      ],
    })
    expect(lastApplied(applied, 'ann')).toBe(4)
  })

  test('a seq that is not a positive integer is refused', () => {
    expect(() => applyAction({}, { player: 'ann', seq: 0 })).toThrow(RangeError)
  })

  test('property: any delivery sequence with retries applies each number at most once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 1, max: 30 })), { maxLength: 80 }),
        (sends) => {
          let applied = {}
          for (const [player, seq] of sends) applied = applyAction(applied, { player, seq }).applied
          for (const player of ['a', 'b']) {
            for (const times of applicationCounts(applied, player).values()) expect(times).toBe(1)
            const runs = (applied as Record<string, Array<[number, number]>>)[player] ?? []
            for (let i = 1; i < runs.length; i++) expect(runs[i]![0]).toBeGreaterThan(runs[i - 1]![1])
          }
        },
      ),
    )
  })
})
