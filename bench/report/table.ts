/**
 * The readable end-of-run summary: one table of cells (quantiles in ms), the ratios measured in the same
 * run, and the targets. Plain text for a terminal; `markdown: true` gives GitHub tables for the README.
 */
import { describeMachine } from './machine.js'
import type { BenchReport, BenchResult, IdleWake, TargetCheck } from './schema.js'

/** Three significant digits or so; by magnitude, since an `extra` figure can be negative. */
export function formatMs(ms: number): string {
  const size = Math.abs(ms)
  if (size < 1) return ms.toFixed(3)
  if (size < 10) return ms.toFixed(2)
  if (size < 100) return ms.toFixed(1)
  return ms.toFixed(0)
}

/** Messages per operation: one decimal, or three significant digits below 0.1 (batched writes). */
export function formatCount(x: number): string {
  return x >= 0.1 || x === 0 ? x.toFixed(1) : x.toPrecision(2)
}

export function formatRatio(x: number): string {
  return x < 10 ? `${x.toFixed(2)}×` : `${x.toFixed(0)}×`
}

/** A target's measured figure: a ratio with the cell's own figure beside it, or milliseconds. */
export function formatTargetMeasured(t: TargetCheck): string {
  if (t.measured === null) return '—'
  if (t.unit !== '×') return `${formatMs(t.measured)} ms`
  return t.value == null ? formatRatio(t.measured) : `${formatRatio(t.measured)} (${formatMs(t.value)} ms)`
}

/** Scenario-specific figures, e.g. `writeMsMedian 37.4 ms`. */
export function formatExtra(r: BenchResult): string {
  return Object.entries(r.extra)
    .map(([k, v]) => (k.includes('Ms') ? `${k} ${formatMs(v)} ms` : `${k} ${v}`))
    .join(', ')
}

function params(r: BenchResult): string {
  return Object.entries(r.parameters)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')
}

function resultRow(r: BenchResult): string[] {
  const q = r.quantiles
  const head = [r.scenario, r.variant, params(r)]
  if (r.status !== 'ok' || q === null) return [...head, r.status, '', '', '', '', '', '', '', r.reason ?? '']
  return [
    ...head,
    String(r.samples),
    formatMs(q.p0),
    formatMs(q.p50),
    formatMs(q.p95),
    formatMs(q.p99),
    formatMs(q.p100),
    r.msgsPerOp === null ? '' : formatCount(r.msgsPerOp),
    r.bytesPerOp === null ? '' : String(r.bytesPerOp),
    formatExtra(r),
  ]
}

function renderTable(header: string[], rows: string[][], markdown: boolean): string {
  if (markdown) {
    const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** Was the machine shared while the bench ran? Load averages (which include the bench's own nodes) and
 * the share of CPU time other processes used; flagged past 10 %. */
export function loadNote(report: BenchReport): string {
  const load = `load average (1 min) ${report.machine.loadavg[0] ?? '?'} before, ${report.loadavgAfter[0] ?? '?'} after`
  const share = report.foreignCpuShare
  if (share === null) return load
  const text = `${load}; other processes used ${(share * 100).toFixed(0)} % of the CPU time during the run`
  return share > 0.1 ? `${text} — a SHARED machine: the figures are inflated` : text
}

/** How much dearer CPU work is right after an idle gap like the one between paced writes. */
export function idleWakeNote(w: IdleWake): string {
  return (
    `work after ${w.idleMs} ms idle costs ${w.factor.toFixed(1)}× its hot cost ` +
    `(${w.afterIdleUs.toFixed(1)} µs vs ${w.hotUs.toFixed(1)} µs; bench/run/idle-wake.ts)`
  )
}

export function formatReport(report: BenchReport, opts: { markdown?: boolean } = {}): string {
  const md = opts.markdown === true
  const results = renderTable(
    [
      'scenario',
      'variant',
      'parameters',
      'samples',
      'p0 ms',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'msgs/op',
      'bytes/op',
      'note',
    ],
    report.results.map(resultRow),
    md,
  )
  const parts = [
    `machine: ${describeMachine(report.machine, report.node)}`,
    loadNote(report),
    ...(report.idleWake === undefined ? [] : [idleWakeNote(report.idleWake)]),
    '',
    results,
  ]
  if (report.comparisons.length > 0) {
    const rows = report.comparisons.map((c) => [c.label, formatRatio(c.p50Ratio), formatRatio(c.p99Ratio)])
    parts.push('', renderTable(['ratio (same run)', 'p50', 'p99'], rows, md))
  }
  if (report.targets.length > 0) {
    const rows = report.targets.map((t) => [
      t.label,
      `≤ ${t.limit} ${t.unit === '×' ? '×' : 'ms'}`,
      formatTargetMeasured(t),
      t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED',
      t.floor == null ? '' : `${formatMs(t.floor)} ms`,
    ])
    parts.push('', renderTable(['target', 'limit', 'measured', 'verdict', 'floor (same run)'], rows, md))
  }
  const left = report.leftoverProcesses
  parts.push(
    '',
    left.length === 0 ? 'processes left behind: none' : `PROCESSES LEFT BEHIND: ${left.join(', ')}`,
  )
  return parts.join('\n')
}
