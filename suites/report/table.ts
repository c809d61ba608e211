/**
 * The readable report of a conformance run: one row per property (result and time), then the
 * measurements, then the failures with their explanations. Also the one-line progress the CLI prints.
 */
import type { PropertyResult, SuiteResult } from '../result.js'

const LABEL: Record<PropertyResult['status'], string> = {
  pass: 'pass',
  fail: 'FAIL',
  error: 'ERROR',
  skipped: 'skip',
}

export function statusLabel(result: PropertyResult): string {
  if (result.status === 'skipped' && result.claimed) return 'SKIP (claimed)'
  if (result.status === 'pass' && result.informational) return 'pass (info)'
  return LABEL[result.status]
}

/** Milliseconds, readable (for notes). */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n')
}

export interface TableOptions {
  /** Also print node log tails of failures. Default false. */
  diagnostics?: boolean
}

export function formatSuiteTable(suite: SuiteResult, options: TableOptions = {}): string {
  const width = Math.max(8, ...suite.results.map((r) => r.property.length))
  const header = `${'property'.padEnd(width)}  ${'result'.padEnd(14)}  ${'time'.padStart(8)}  what it checks`
  const rows = suite.results.map((r) => {
    const time = r.status === 'skipped' ? '-' : seconds(r.durationMs)
    const what = r.status === 'skipped' ? `${r.title} — skipped: ${r.reason ?? ''}` : r.title
    return `${r.property.padEnd(width)}  ${statusLabel(r).padEnd(14)}  ${time.padStart(8)}  ${what}`
  })
  const lines = [
    `${suite.suite} conformance — target ${suite.target}, ${suite.nodes} nodes, ${seconds(suite.durationMs)}`,
    '',
    `  ${header}`,
    ...rows.map((row) => `  ${row}`),
  ]
  const measured = suite.results.filter((r) => r.notes.length > 0)
  if (measured.length > 0) {
    lines.push('', 'measurements:')
    for (const r of measured) for (const note of r.notes) lines.push(`  ${r.property}: ${note}`)
  }
  const sections = [
    ['fail', 'failures:'],
    ['error', 'errors (not verdicts: the target could not be set up):'],
  ] as const
  for (const [status, heading] of sections) {
    const listed = suite.results.filter((r) => r.status === status)
    if (listed.length === 0) continue
    lines.push('', heading)
    for (const r of listed) {
      lines.push(indent(r.reason ?? `${r.property}: ${status}`, '  '))
      if (options.diagnostics && r.diagnostics !== undefined) lines.push(indent(r.diagnostics, '    | '))
    }
  }
  const count = (s: PropertyResult['status']) => suite.results.filter((r) => r.status === s).length
  lines.push(
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('error')} errors, ${count('skipped')} skipped — ` +
      `every claimed property holds: ${suite.ok ? 'yes' : 'NO'}`,
  )
  return lines.join('\n')
}

/** `[3/9] late-joiner` (printed when a property starts). */
export function progressStart(index: number, total: number, property: string): string {
  return `[${index + 1}/${total}] ${property} ...`
}

/** ` pass (0.31 s)` (printed when it ends). */
export function progressEnd(result: PropertyResult): string {
  const time = result.status === 'skipped' ? (result.reason ?? '') : seconds(result.durationMs)
  return ` ${statusLabel(result)} (${time})`
}
