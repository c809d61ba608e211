// The schedule is a pure function of (seed, node count, options): replaying a seed replays the faults.
import fc from 'fast-check'
import { NEMESIS_FAULTS, type NemesisFault, nemesisSchedule, resolveNemesisSeed } from 'handoff-harness'
import { describe, expect, it } from 'vitest'

describe('nemesisSchedule', () => {
  it('the same seed gives the same schedule; another seed another one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 7 }), (seed, n) => {
        const a = nemesisSchedule(seed, n, { steps: 30 })
        expect(nemesisSchedule(seed, n, { steps: 30 })).toEqual(a)
        expect(nemesisSchedule(seed + 1, n, { steps: 30 })).not.toEqual(a)
      }),
      { numRuns: 200 },
    )
  })

  it('draws only the faults asked for, on valid nodes, one at a time', () => {
    const faults = fc.subarray([...NEMESIS_FAULTS], { minLength: 1 })
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 2, max: 6 }),
        faults,
        fc.integer({ min: 50, max: 2000 }),
        (seed, n, fs, interval) => {
          const steps = nemesisSchedule(seed, n, { faults: fs, intervalMs: interval, steps: 40 })
          expect(steps).toHaveLength(40)
          for (const [i, s] of steps.entries()) {
            expect(fs).toContain(s.fault)
            expect(s.atMs).toBe(i * interval)
            expect(s.durationMs).toBeLessThan(interval)
            for (const node of s.nodes) expect(node).toBeGreaterThanOrEqual(0)
            for (const node of s.nodes) expect(node).toBeLessThan(n)
            if (s.fault === 'partition') {
              expect(s.groups).toHaveLength(2)
              expect(s.groups!.every((g) => g.length > 0)).toBe(true)
              expect([...s.groups![0]!, ...s.groups![1]!].sort()).toEqual(
                Array.from({ length: n }, (_, k) => k),
              )
            }
          }
        },
      ),
    )
  })

  it('every fault kind occurs in a long schedule', () => {
    const seen = new Set<NemesisFault>(nemesisSchedule(7, 3).map((s) => s.fault))
    expect([...seen].sort()).toEqual([...NEMESIS_FAULTS].sort())
  })

  it('leaves network faults out with a single node', () => {
    expect(
      nemesisSchedule(1, 1, { steps: 50 }).every((s) => s.fault !== 'partition' && s.fault !== 'delay'),
    ).toBe(true)
    expect(nemesisSchedule(1, 1, { faults: ['partition'] })).toEqual([])
  })

  it('rejects bad input with a clear error', () => {
    expect(() => nemesisSchedule(1.5, 3)).toThrow('nemesis seed must be an integer, got 1.5')
    expect(() => nemesisSchedule(1, 3, { faults: [] })).toThrow('nemesis faults must be some of kill, pause')
    expect(() => nemesisSchedule(1, 3, { faults: ['explode' as NemesisFault] })).toThrow('got explode')
    expect(() => nemesisSchedule(1, 3, { intervalMs: 0 })).toThrow('intervalMs must be positive')
  })

  it('takes the seed from HANDOFF_NEMESIS_SEED when none is given', () => {
    const before = process.env.HANDOFF_NEMESIS_SEED
    try {
      process.env.HANDOFF_NEMESIS_SEED = '4242'
      expect(resolveNemesisSeed()).toBe(4242)
      expect(resolveNemesisSeed(9)).toBe(9)
      process.env.HANDOFF_NEMESIS_SEED = 'x'
      expect(() => resolveNemesisSeed()).toThrow("HANDOFF_NEMESIS_SEED must be an integer, got 'x'")
    } finally {
      if (before === undefined) delete process.env.HANDOFF_NEMESIS_SEED
      else process.env.HANDOFF_NEMESIS_SEED = before
    }
  })
})
