import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  opLatencies,
  QUANTILES,
  quantiles,
  stableSamples,
  visibilitySamples,
} from '../../../suites/history/index.js'
import { d, historyOf, r, w } from './build.js'

describe('quantiles (nearest rank)', () => {
  it('gives Maelstrom quantiles 0, 0.5, 0.95, 0.99, 1', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i) // 1..100, unsorted
    expect(quantiles(samples)).toEqual({ '0': 1, '0.5': 50, '0.95': 95, '0.99': 99, '1': 100 })
    expect(quantiles([7], QUANTILES)).toEqual({ '0': 7, '0.5': 7, '0.95': 7, '0.99': 7, '1': 7 })
    expect(quantiles([])).toEqual({})
    expect(quantiles([1, 2, 3, 4], [0.25, 0.75])).toEqual({ '0.25': 1, '0.75': 3 })
  })

  it('rejects NaN samples and quantiles outside [0, 1]', () => {
    expect(() => quantiles([1, Number.NaN])).toThrow(/NaN/)
    expect(() => quantiles([1], [1.5])).toThrow(/within \[0, 1\]/)
  })

  it('returns real samples, min at 0, max at 1, monotone, by nearest rank (property)', () => {
    const qs = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 })
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1 }), qs, (samples, picked) => {
        const sorted = [...picked].sort((a, b) => a - b)
        const out = quantiles(samples, [0, ...sorted, 1])
        expect(out['0']).toBe(Math.min(...samples))
        expect(out['1']).toBe(Math.max(...samples))
        let previous = Number.NEGATIVE_INFINITY
        for (const q of sorted) {
          const v = out[String(q)]!
          expect(samples).toContain(v)
          expect(v).toBeGreaterThanOrEqual(previous)
          previous = v
          const rank = Math.max(1, Math.ceil(q * samples.length))
          expect(samples.filter((s) => s <= v).length).toBeGreaterThanOrEqual(rank)
          expect(samples.filter((s) => s < v).length).toBeLessThan(rank)
        }
      }),
    )
  })
})

describe('history latencies', () => {
  it('measures ok operations per kind', () => {
    const ops = historyOf([
      w('n1', 'a', 1, 0, 4),
      w('n1', 'a', 2, 10, 12),
      d('n1', 'a', 20, 21),
      r('n1', 'a', 1, 0, 3),
    ]).ops()
    const failed = historyOf([w('n1', 'a', 3, 0, 100, 'fail')]).ops()
    const byKind = opLatencies([...ops, ...failed])
    expect(byKind.write).toEqual({ count: 2, quantiles: { '0': 2, '0.5': 2, '0.95': 4, '0.99': 4, '1': 4 } })
    expect(byKind.delete?.count).toBe(1)
    expect(byKind.read?.quantiles['1']).toBe(3)
  })

  it('measures visibility per node from write completion to the first read showing it or newer', () => {
    const ops = historyOf([
      w('n1', 'a', 'x', 0, 10),
      r('n1', 'a', 'x', 11, 12),
      r('n2', 'a', undefined, 11, 12),
      r('n2', 'a', 'x', 20, 25),
      r('n3', 'a', 'y', 30, 31),
      w('n3', 'a', 'y', 26, 28),
    ]).ops()
    const samples = visibilitySamples(ops).filter((s) => s.write.value === 'x')
    expect(samples.map((s) => [s.node, s.ms])).toEqual([
      ['n1', 2],
      ['n2', 15],
      ['n3', 21], // n3 never read x, but read the newer y
    ])
    expect(visibilitySamples(ops, { remoteOnly: true }).some((s) => s.node === s.write.node)).toBe(false)
  })

  it('measures stable latency until the last read that still missed the write', () => {
    const ops = historyOf([
      w('n1', 'a', 'x', 0, 10),
      r('n2', 'a', undefined, 11, 12),
      r('n3', 'a', undefined, 14, 18),
      r('n2', 'a', 'x', 15, 16),
      r('n3', 'a', 'x', 19, 20),
      w('n1', 'b', 'never stable', 0, 1),
      r('n2', 'b', undefined, 5, 6),
    ]).ops()
    expect(stableSamples(ops).map((s) => [s.write.value, s.ms])).toEqual([['x', 8]])
  })
})
