/** The pure parts of the bench report: quantiles, the baseline rule, the plot, the target check. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkBaseline } from '../../bench/report/baseline.js'
import { renderHtml } from '../../bench/report/html.js'
import { interpolatedQuantiles } from '../../bench/report/quantiles.js'
import { okResult, skippedResult } from '../../bench/report/result.js'
import type { BenchReport, BenchResult } from '../../bench/report/schema.js'
import { percentileSvg } from '../../bench/report/svg-percentiles.js'
import { formatReport } from '../../bench/report/table.js'
import { checkTargets } from '../../bench/report/targets.js'
import { validateReport } from '../../bench/report/validate.js'
import { reportOf } from './report-fixture.js'

const sample = fc.array(fc.double({ min: 0.001, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 200 })

const report = (results: BenchResult[]): BenchReport => reportOf(results)

const cell = (variant: string, samplesMs: number[], msgsPerOp?: number): BenchResult =>
  okResult(
    { scenario: 'x', variant, parameters: { nodes: 3 }, measures: 'a thing' },
    { samplesMs, msgsPerOp },
  )

describe('interpolatedQuantiles', () => {
  it('p0 is the minimum, p100 the maximum, and they are ordered', () => {
    fc.assert(
      fc.property(sample, (xs) => {
        const q = interpolatedQuantiles(xs)
        expect(q.p0).toBe(Math.min(...xs))
        expect(q.p100).toBe(Math.max(...xs))
        expect(q.p0 <= q.p50 && q.p50 <= q.p95 && q.p95 <= q.p99 && q.p99 <= q.p100).toBe(true)
      }),
    )
  })

  it('interpolates between ranks', () => {
    expect(interpolatedQuantiles([1, 2, 3, 4]).p50).toBe(2.5)
    expect(interpolatedQuantiles([5]).p99).toBe(5)
  })
})

describe('baseline rule', () => {
  const base = report([cell('a', [1, 1, 1, 10], 4)])

  it('a p50 past the relative tolerance and the absolute floor is a regression', () => {
    const v = checkBaseline(report([cell('a', [2, 2, 2, 10], 4)]), base, 0.25)
    expect(v.regressions.map((r) => r.metric)).toEqual(['p50'])
    expect(v.compared).toBe(1)
  })

  it('within the tolerance is not, and neither is a change below the absolute floor', () => {
    expect(checkBaseline(report([cell('a', [1.2, 1.2, 1.2, 10], 4)]), base, 0.25).regressions).toEqual([])
    const tiny = report([cell('a', [0.001, 0.001])])
    expect(checkBaseline(report([cell('a', [0.005, 0.005])]), tiny, 0.25).regressions).toEqual([])
  })

  it('p99 gets twice the tolerance; more messages per op count too', () => {
    const v = checkBaseline(report([cell('a', [1, 1, 1, 30], 8)]), base, 0.25)
    expect(v.regressions.map((r) => r.metric).sort()).toEqual(['msgsPerOp', 'p99'])
  })

  it('skipped or unknown cells are listed as not compared, never as regressions', () => {
    const skipped = skippedResult(
      { scenario: 'x', variant: 'a', parameters: { nodes: 3 }, measures: '' },
      'no',
    )
    const v = checkBaseline(report([skipped, cell('new', [100])]), base, 0.25)
    expect(v.regressions).toEqual([])
    expect(v.notCompared).toHaveLength(2)
  })
})

describe('report rendering', () => {
  it('the plot is one SVG with a curve per series and a target line', () => {
    const svg = percentileSvg(
      [
        { label: 'push', samplesMs: [0.2, 0.3, 0.5] },
        { label: 'interval', samplesMs: [50, 100, 199] },
      ],
      [{ label: 'target', ms: 0.3 }],
    )
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.match(/<path /g)).toHaveLength(2)
    expect(svg).toContain('target')
  })

  it('a cell with very many samples keeps 5,000 of them (min and max included) and still plots', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => 0.01 + (i % 1000) / 100)
    const r = cell('many', many)
    expect(r.samples).toBe(300_000)
    expect(r.samplesComplete).toBe(false)
    expect(r.samplesMs).toHaveLength(5000)
    expect(Math.min(...r.samplesMs)).toBe(0.01)
    expect(validateReport(JSON.parse(JSON.stringify(report([r]))))).toEqual([])
    const svg = percentileSvg([{ label: 'many', samplesMs: many }])
    expect(svg.length).toBeLessThan(100_000)
  })

  it('HTML, table and JSON agree on a skipped cell', () => {
    const skipped = skippedResult(
      { scenario: 'x', variant: 'redis', parameters: { nodes: 3 }, measures: '' },
      'no redis',
    )
    const r = report([cell('a', [1, 2, 3]), skipped])
    expect(validateReport(JSON.parse(JSON.stringify(r)))).toEqual([])
    expect(renderHtml(r, new Map())).toContain('skipped: no redis')
    expect(formatReport(r)).toMatch(/redis\s+nodes=3\s+skipped\s+no redis/)
  })

  it('targets report met, missed and not measured, as ratios to the floor of the same run', () => {
    const mk = (variant: string, scenario: string, parameters: Record<string, number>, samplesMs: number[]) =>
      okResult({ scenario, variant, parameters, measures: '' }, { samplesMs })
    const checks = checkTargets([
      mk('push', 'sync-latency', { nodes: 3, valueBytes: 100 }, [0.1, 0.2, 5]),
      mk('raw-tcp', 'sync-latency', { nodes: 3, valueBytes: 100 }, [0.1, 0.2, 1]),
      mk('cold', 'node-start', { nodes: 1 }, [200]),
      mk('bare-node', 'node-start', { nodes: 1 }, [100]),
    ])
    const verdicts = Object.fromEntries(checks.map((c) => [c.label, c.met]))
    expect(verdicts['sync p50, 3 nodes, 100 B: push / raw-tcp']).toBe(true)
    expect(verdicts['sync p99, 3 nodes, 100 B: push / raw-tcp']).toBe(false)
    expect(verdicts['node start, cold / bare node (p50)']).toBe(false)
    // No floor measured: a ratio target is not measured, never met by default.
    const alone = checkTargets([mk('warm-pool', 'node-start', { nodes: 1 }, [5])])
    expect(alone).toMatchObject([{ measured: null, met: null, value: 5, floor: null, floorResultId: null }])
  })

  it('targets show the floor measured in the same run, where there is one', () => {
    const mk = (variant: string, scenario: string, parameters: Record<string, number>, samplesMs: number[]) =>
      okResult({ scenario, variant, parameters, measures: '' }, { samplesMs })
    const r = report([
      mk('push', 'sync-latency', { nodes: 3, valueBytes: 100 }, [0.3, 0.4, 1]),
      mk('mesh-floor', 'sync-latency', { nodes: 3, valueBytes: 100 }, [0.1, 0.2, 0.5]),
      mk('raw-tcp', 'sync-latency', { nodes: 3, valueBytes: 100 }, [0.1, 0.2, 0.5]),
      mk('raw-tcp', 'sync-latency', { nodes: 5, valueBytes: 100 }, [9, 9, 9]),
      mk('cold', 'node-start', { nodes: 1 }, [66]),
      mk('bare-node', 'node-start', { nodes: 1 }, [60]),
      mk('push', 'burst', { nodes: 3, keys: 10_000 }, [50]),
    ])
    r.targets = checkTargets(r.results)
    const floors = Object.fromEntries(r.targets.map((t) => [t.label, t.floor]))
    expect(floors['sync p50, 3 nodes, 100 B: push / raw-tcp']).toBe(0.2)
    expect(floors['sync p99, 3 nodes, 100 B: push / raw-tcp']).toBeCloseTo(0.494)
    expect(floors['sync p50, 3 nodes, 100 B: mesh-floor / raw-tcp']).toBe(0.2)
    expect(floors['node start, cold / bare node (p50)']).toBe(60)
    expect(floors['10k-key burst everywhere after the last write (p50)']).toBeNull()
    const push = r.targets.find((t) => t.label === 'sync p50, 3 nodes, 100 B: push / raw-tcp')
    expect(push).toMatchObject({ measured: 2, value: 0.4, met: false, unit: '×', metric: 'p50 ratio' })
    expect(validateReport(JSON.parse(JSON.stringify(r)))).toEqual([])
    expect(formatReport(r)).toMatch(/floor \(same run\)/)
    expect(formatReport(r)).toMatch(
      /node start, cold \/ bare node \(p50\)\s+≤ 1\.1 ×\s+1\.10× \(66\.0 ms\)\s+met\s+60\.0 ms/,
    )
    expect(renderHtml(r, new Map())).toContain('2.00× (0.400 ms)')
    expect(
      validateReport({
        ...JSON.parse(JSON.stringify(r)),
        targets: [{ label: 'x', measured: 1, floor: 'a' }],
      }),
    ).toEqual(['targets[0].floor is missing or has the wrong type ("a")'])
  })
})
