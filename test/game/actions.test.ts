/** Player actions applied at most once, as runs per player (pure: fixtures/game/actions.ts). */
import fc from 'fast-check'
import { applicationCounts, applyAction, lastApplied, mergeApplied } from 'handoff-harness/fixtures/game'
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

describe('mergeApplied (two copies of a session meet at a name conflict)', () => {
  test('what either copy applied is kept once, as ascending runs', () => {
    const winner = { ann: [[1, 5]] as const, bob: [[1, 2]] as const }
    const loser = {
      ann: [
        [1, 3],
        [6, 7],
      ] as const,
      cid: [[1, 1]] as const,
    }
    expect(mergeApplied(winner, loser)).toEqual({ ann: [[1, 7]], bob: [[1, 2]], cid: [[1, 1]] })
  })

  test('property: the merge holds exactly the union of both sides, each number once', () => {
    const side = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 40 })
    fc.assert(
      fc.property(side, side, (xs, ys) => {
        const applyAll = (seqs: number[]) =>
          [...seqs].sort((p, q) => p - q).reduce((a, seq) => applyAction(a, { player: 'p', seq }).applied, {})
        const merged = mergeApplied(applyAll(xs), applyAll(ys))
        const counts = applicationCounts(merged, 'p')
        expect([...counts.keys()].sort((p, q) => p - q)).toEqual(
          [...new Set([...xs, ...ys])].sort((p, q) => p - q),
        )
        expect([...counts.values()].every((c) => c === 1)).toBe(true)
      }),
    )
  })
})
