/**
 * The "how cost grows" part of the HTML report: growth plots (svg-growth.ts) built from the run's cells —
 * sync latency and start time against cluster size (`scale`), sync latency against value size
 * (`sync-latency` at 3 nodes), burst time against keys (`burst`) — and the store's memory per key.
 * A plot appears when the run has at least two points of it (a `--quick` run has few).
 */
import type { BenchReport, BenchResult } from './schema.js'
import { type GrowthSeries, growthSvg } from './svg-growth.js'

interface GrowthDef {
  title: string
  /** What the plot says about growth, shown under it. */
  note: string
  scenario: string
  x: string
  xAxis: string
  xLabel: (v: number) => string
  variants: readonly string[]
  /** Other parameters a cell must have. */
  where?: Record<string, number>
  /** The figure plotted, when not the cell's p50 / p99. */
  y?: (r: BenchResult) => number | undefined
  yAxis?: string
}

const bytes = (v: number): string =>
  v >= 1 << 20 ? `${v / (1 << 20)} MB` : v >= 1024 ? `${v / 1024} KB` : `${v} B`
const count = (v: number): string => (v >= 1000 ? `${v / 1000}k` : String(v))
const ms = (v: number): string =>
  v >= 1000 ? `${v / 1000} s` : v >= 1 ? `${v} ms` : `${Math.round(v * 1000)} µs`

export const GROWTH_PLOTS: readonly GrowthDef[] = [
  {
    title: 'sync latency against cluster size (scale, 100 B)',
    note: 'a write goes to n−1 peers from one event loop, and n processes share the CPUs: grows about linearly with n up to the core count’s limit; raw-tcp shows what the machine itself does',
    scenario: 'scale',
    x: 'nodes',
    xAxis: 'nodes',
    xLabel: String,
    variants: ['push', 'mesh-floor', 'raw-tcp'],
  },
  {
    title: 'cluster start against cluster size (scale)',
    note: 'nodes are spawned one after another and every pair handshakes: linear in n for the spawns, n² handshakes (small each)',
    scenario: 'scale',
    x: 'nodes',
    xAxis: 'nodes',
    xLabel: String,
    variants: ['start'],
  },
  {
    title: 'sync latency against value size (sync-latency, 3 nodes)',
    note: 'flat while the per-message cost dominates (100 B–10 KB), then linear in the bytes copied, serialised and sent (1 MB)',
    scenario: 'sync-latency',
    x: 'valueBytes',
    xAxis: 'value size',
    xLabel: bytes,
    variants: ['push', 'redis', 'mesh-floor', 'raw-tcp'],
    where: { nodes: 3 },
  },
  {
    title: 'burst time against keys (burst, 3 nodes, 100 B)',
    note: 'from the first write until every node has every key (the floors send one message per key, so their write loop is most of it): should be linear in the keys',
    scenario: 'burst',
    x: 'keys',
    xAxis: 'keys',
    xLabel: count,
    variants: ['push', 'mesh-floor', 'raw-tcp'],
    where: { nodes: 3 },
    y: (r) => r.extra.fromFirstWriteMsMedian,
    yAxis: 'first write until everywhere',
  },
]

export function growthSeries(results: readonly BenchResult[], def: GrowthDef): GrowthSeries[] {
  return def.variants
    .map((variant) => ({
      label: variant,
      points: results
        .filter(
          (r) =>
            r.scenario === def.scenario &&
            r.variant === variant &&
            r.status === 'ok' &&
            r.quantiles !== null &&
            typeof r.parameters[def.x] === 'number' &&
            Object.entries(def.where ?? {}).every(([k, v]) => r.parameters[k] === v),
        )
        .flatMap((r) => {
          const x = r.parameters[def.x] as number
          if (def.y !== undefined) {
            const y = def.y(r)
            return y === undefined ? [] : [{ x, p50: y }]
          }
          return [{ x, p50: r.quantiles!.p50, ...(r.samples > 1 ? { p99: r.quantiles!.p99 } : {}) }]
        }),
    }))
    .filter((s) => s.points.length > 0)
}

/** The store's memory per key, from the burst cell that measured it. */
export function memoryPerKey(results: readonly BenchResult[]): string | undefined {
  const r = results.find((x) => x.scenario === 'burst' && x.extra.heapBytesPerKey !== undefined)
  if (r === undefined) return undefined
  return `store memory per key at ${count(r.parameters.keys as number)} keys (100 B values), on a reader after a full GC: heap ${r.extra.heapBytesPerKey} B, RSS ${r.extra.rssBytesPerKey} B (${r.id})`
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function growthSection(report: BenchReport): string {
  const plots = GROWTH_PLOTS.flatMap((def) => {
    const series = growthSeries(report.results, def)
    if (new Set(series.flatMap((s) => s.points.map((p) => p.x))).size < 2) return []
    const svg = growthSvg(
      series,
      { x: def.xAxis, y: def.yAxis ?? 'ms', xLabel: def.xLabel, yLabel: ms },
      def.title,
    )
    return [`<div class="panel"><h3>${esc(def.title)}</h3>${svg}<p class="muted">${esc(def.note)}</p></div>`]
  })
  const memory = memoryPerKey(report.results)
  if (plots.length === 0 && memory === undefined) return ''
  return `<h2>How cost grows</h2>${plots.join('\n')}${memory === undefined ? '' : `<p>${esc(memory)}</p>`}`
}
