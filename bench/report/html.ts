/**
 * The HTML report (`--html`): one self-contained file (inline CSS and SVG, no scripts, no external assets).
 * Per scenario, one plot per parameter set with a curve per variant, so the variants measured side by
 * side in the run are compared on the same axes; under each plot, its quantiles. Ratios and targets on top.
 */
import { growthSection } from './growth.js'
import { describeMachine } from './machine.js'
import type { BenchReport, BenchResult } from './schema.js'
import { type Marker, percentileSvg, seriesColor } from './svg-percentiles.js'
import {
  formatCount,
  formatExtra,
  formatMs,
  formatRatio,
  formatTargetMeasured,
  idleWakeNote,
  loadNote,
} from './table.js'

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function paramText(r: BenchResult): string {
  const text = Object.entries(r.parameters)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ')
  return text === '' ? 'default parameters' : text
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    out.set(k, [...(out.get(k) ?? []), item])
  }
  return out
}

function panel(report: BenchReport, cells: BenchResult[]): string {
  const ok = cells.filter((c) => c.status === 'ok')
  const markers: Marker[] = report.targets
    .filter((t) => t.unit === 'ms' && cells.some((c) => c.id === t.resultId))
    .map((t) => ({ label: `target ${t.metric} ≤ ${t.limit} ms`, ms: t.limit }))
  const plot =
    ok.length === 0
      ? ''
      : percentileSvg(
          ok.map((c) => ({ label: c.variant, samplesMs: c.samplesMs })),
          markers,
          paramText(cells[0]!),
        )
  const rows = cells.map((c) => {
    const i = ok.indexOf(c)
    const swatch = i < 0 ? '' : `<span class="swatch" style="background:${seriesColor(i)}"></span>`
    const q = c.quantiles
    if (c.status !== 'ok' || q === null)
      return `<tr><td>${swatch}${esc(c.variant)}</td><td colspan="8" class="muted">${esc(c.status)}: ${esc(c.reason ?? '')}</td></tr>`
    const cols = [q.p0, q.p50, q.p95, q.p99, q.p100].map((v) => `<td>${formatMs(v)}</td>`).join('')
    const msgs = c.msgsPerOp === null ? '' : formatCount(c.msgsPerOp)
    const bytes = c.bytesPerOp === null ? '' : String(c.bytesPerOp)
    return `<tr><td>${swatch}${esc(c.variant)}</td><td>${c.samples}</td>${cols}<td>${msgs}</td><td>${bytes}</td></tr>`
  })
  return `<div class="panel"><h3>${esc(paramText(cells[0]!))}</h3>${plot}
<table><thead><tr><th>variant</th><th>samples</th><th>p0</th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>msgs/op</th><th>bytes/op</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${extras(cells)}<p class="muted">${esc(cells[0]!.measures)}; milliseconds</p></div>`
}

function extras(cells: BenchResult[]): string {
  const lines = cells
    .filter((c) => Object.keys(c.extra).length > 0)
    .map((c) => `${esc(c.variant)}: ${esc(formatExtra(c))}`)
  return lines.length === 0 ? '' : `<p>${lines.join('<br>')}</p>`
}

function summaryTables(report: BenchReport): string {
  const ratios = report.comparisons
    .map(
      (c) =>
        `<tr><td>${esc(c.label)}</td><td>${formatRatio(c.p50Ratio)}</td><td>${formatRatio(c.p99Ratio)}</td></tr>`,
    )
    .join('\n')
  const targets = report.targets
    .map((t) => {
      const measured = formatTargetMeasured(t)
      const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'missed'
      return `<tr class="${verdict.replace(' ', '-')}"><td>${esc(t.label)}</td><td>≤ ${t.limit} ${t.unit}</td><td>${measured}</td><td>${verdict}</td><td>${t.floor == null ? '' : `${formatMs(t.floor)} ms`}</td></tr>`
    })
    .join('\n')
  return `<h2>Targets</h2><table><thead><tr><th>target</th><th>limit</th><th>measured</th><th>verdict</th><th>floor (same run)</th></tr></thead><tbody>${targets}</tbody></table>
<h2>Ratios measured in this run</h2><table><thead><tr><th>comparison</th><th>p50</th><th>p99</th></tr></thead><tbody>${ratios}</tbody></table>`
}

const CSS = `body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee}
td:first-child,th:first-child{text-align:left}.muted{color:#777}.swatch{display:inline-block;width:10px;height:10px;margin-right:6px}
.panel{margin:1em 0 2em}tr.missed td{color:#b00}tr.met td:last-child{color:#070}h3{margin-bottom:.2em}`

export function renderHtml(report: BenchReport, summaries: ReadonlyMap<string, string>): string {
  const sections = [...groupBy(report.results, (r) => r.scenario)].map(([scenario, cells]) => {
    const panels = [...groupBy(cells, paramText)].map(([, group]) => panel(report, group))
    return `<section><h2>${esc(scenario)}</h2><p>${esc(summaries.get(scenario) ?? '')}</p>${panels.join('\n')}</section>`
  })
  const leftover = report.leftoverProcesses.length === 0 ? 'none' : report.leftoverProcesses.join(', ')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>handoff-harness bench ${esc(report.date)}</title><style>${CSS}</style></head>
<body><h1>handoff-harness bench</h1>
<p>${esc(report.date)} · ${esc(describeMachine(report.machine, report.node))} · ${report.options.quick ? 'quick' : 'full'} run,
${(report.durationMs / 1000).toFixed(1)} s · processes left behind: ${esc(leftover)}<br>${esc(loadNote(report))}${report.idleWake === undefined ? '' : `<br>${esc(idleWakeNote(report.idleWake))}`}</p>
<p class="muted">Each plot shows latency (log scale, up) at every percentile (across, in "nines": 90 %, 99 %, 99.9 %
equally spaced), one curve per variant measured side by side in this run. Lower is faster; a curve that shoots up
on the right has a long tail. Dashed lines are the targets.</p>
${summaryTables(report)}
${growthSection(report)}
${sections.join('\n')}
</body></html>
`
}
