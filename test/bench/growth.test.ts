/** The growth part of the bench report: which cells make which plot, and the HTML it renders. */
import { describe, expect, it } from 'vitest'
import { GROWTH_PLOTS, growthSection, growthSeries, memoryPerKey } from '../../bench/report/growth.js'
import { renderHtml } from '../../bench/report/html.js'
import { okResult } from '../../bench/report/result.js'
import type { BenchReport, BenchResult } from '../../bench/report/schema.js'
import { growthSvg } from '../../bench/report/svg-growth.js'
import { validateReport } from '../../bench/report/validate.js'
import { reportOf } from './report-fixture.js'

const mk = (
  scenario: string,
  variant: string,
  parameters: Record<string, number>,
  samplesMs: number[],
  extra: Record<string, number> = {},
): BenchResult => okResult({ scenario, variant, parameters, measures: '' }, { samplesMs, extra })

const report = (results: BenchResult[]): BenchReport =>
  reportOf(results, { quick: false, scenarios: ['scale'] })

const byTitle = (part: string) => GROWTH_PLOTS.find((d) => d.title.includes(part))!

describe('growth plots', () => {
  const results = [
    mk('scale', 'raw-tcp', { nodes: 3 }, [0.5, 0.6, 2]),
    mk('scale', 'raw-tcp', { nodes: 8 }, [1.5, 1.6, 4]),
    mk('scale', 'push', { nodes: 3 }, [0.8, 0.9, 3]),
    mk('scale', 'start', { nodes: 3 }, [900]),
    mk('sync-latency', 'push', { nodes: 3, valueBytes: 100 }, [1, 1, 1]),
    mk('sync-latency', 'push', { nodes: 5, valueBytes: 1024 * 1024 }, [9, 9, 9]),
    mk('burst', 'push', { nodes: 3, keys: 1000, valueBytes: 100 }, [5], { fromFirstWriteMsMedian: 50 }),
    mk('burst', 'push', { nodes: 3, keys: 100_000, valueBytes: 100 }, [500], {
      fromFirstWriteMsMedian: 5000,
      heapBytesPerKey: 700,
      rssBytesPerKey: 1300,
    }),
  ]

  it('take a series per variant from the cells of the plot, at their parameter', () => {
    const size = growthSeries(results, byTitle('cluster size (scale'))
    expect(size.map((s) => s.label)).toEqual(['push', 'raw-tcp'])
    expect(size[1]!.points.map((p) => p.x)).toEqual([3, 8])
    expect(size[1]!.points[0]!.p50).toBe(0.6)
    // Other parameters must match: the 5-node 1 MB cell is not on the 3-node value-size plot.
    expect(growthSeries(results, byTitle('value size'))[0]!.points).toEqual([{ x: 100, p50: 1, p99: 1 }])
    // Burst time is first write until everywhere; one run has no p99.
    expect(growthSeries(results, byTitle('burst'))[0]!.points).toEqual([
      { x: 1000, p50: 50 },
      { x: 100_000, p50: 5000 },
    ])
  })

  it('render only plots with two points or more, and the memory per key', () => {
    const html = growthSection(report(results))
    expect(html).toContain('How cost grows')
    expect(html).toContain('sync latency against cluster size')
    expect(html).toContain('burst time against keys')
    expect(html).not.toContain('against value size')
    expect(memoryPerKey(results)).toMatch(/at 100k keys .* heap 700 B, RSS 1300 B/)
    expect((html.match(/<svg/g) ?? []).length).toBe(2)
    const full = renderHtml(report(results), new Map())
    expect(full).toContain('How cost grows')
    expect(full).not.toMatch(/<script|NaN|Infinity/)
    expect(validateReport(JSON.parse(JSON.stringify(report(results))))).toEqual([])
    expect(growthSection(report([]))).toBe('')
  })

  it('draw a finite path for any positive points', () => {
    const svg = growthSvg(
      [
        {
          label: 'a',
          points: [
            { x: 1, p50: 0.001 },
            { x: 1e5, p50: 1e5, p99: 2e5 },
          ],
        },
      ],
      { x: 'keys', y: 'ms', xLabel: String, yLabel: String },
    )
    expect(svg).not.toMatch(/NaN|Infinity/)
    expect(svg).toContain('stroke-dasharray="5 3"')
  })
})
