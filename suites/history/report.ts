/**
 * What the checker returns and how a human reads it. Each anomaly carries the operations involved and
 * a one-line explanation naming the key, the values, the nodes and the times (ms relative to the first
 * operation of the history, `origin`). `valid` is false on any lost write, divergence or phantom read,
 * and on more stale reads than the caller allowed; never-read writes are informational, as in Jepsen.
 */
import type { HistoryLatencies, LatencyStats } from './latency.js'
import type { Op } from './op.js'
import { outcome } from './op.js'
import { showValue } from './value-codec.js'

/** An acknowledged write or delete whose effect no final read shows, and nothing newer replaced it. */
export interface LostWrite {
  readonly key: string
  readonly write: Op
  /** The final reads that should have shown it (or something newer). */
  readonly finalReads: readonly Op[]
  readonly explanation: string
}

/** A read that returned a value older than a write that had completed before the read started. */
export interface StaleRead {
  readonly key: string
  readonly read: Op
  /** The newest write the read should have seen. */
  readonly missed: Op
  /** How long before the read started the missed write had completed, ms. */
  readonly lagMs: number
  /** The read ran on the node that made the missed write (read-your-writes broken). */
  readonly sameNode: boolean
  readonly explanation: string
}

/** An acknowledged write no read ever returned (not lost: it may have been overwritten unseen). */
export interface NeverReadWrite {
  readonly key: string
  readonly write: Op
  readonly explanation: string
}

/** Final reads of one key that disagree across nodes. */
export interface Divergence {
  readonly key: string
  readonly finalReads: readonly Op[]
  readonly explanation: string
}

/** A read returning a value no write that may have happened wrote (or one from the future). */
export interface PhantomRead {
  readonly key: string
  readonly read: Op
  readonly explanation: string
}

export interface ReportCounts {
  readonly ops: number
  readonly reads: number
  readonly writes: number
  readonly deletes: number
  readonly ok: number
  readonly fail: number
  readonly info: number
  readonly keys: number
  readonly finalReads: number
  readonly lost: number
  readonly stale: number
  readonly neverRead: number
  readonly divergent: number
  readonly phantom: number
  /** Acknowledged writes and deletes with no final read to judge them by. */
  readonly unverified: number
}

export interface CheckReport {
  readonly valid: boolean
  readonly lost: readonly LostWrite[]
  readonly stale: readonly StaleRead[]
  readonly neverRead: readonly NeverReadWrite[]
  readonly divergent: readonly Divergence[]
  readonly phantom: readonly PhantomRead[]
  readonly counts: ReportCounts
  readonly latencies: HistoryLatencies
  /** Things that weaken the verdict (no final reads, ambiguous values, keys written during final reads). */
  readonly warnings: readonly string[]
  /** Start of the first operation; times in explanations are relative to it. */
  readonly origin: number
  /** Reads starting at or after this time were final reads (absolute ms). */
  readonly finalAfter: number
  /** Stale reads tolerated before the history is invalid. */
  readonly staleAllowance: number
}

/** `+12.3` style time relative to `origin`. */
export function showTime(time: number | undefined, origin: number): string {
  if (time === undefined || !Number.isFinite(time)) return '?'
  return `+${(time - origin).toFixed(1)}`
}

/** One line about an operation: `write "v" on n1 at +1.0..2.5 ms (ok)`. */
export function describeOp(op: Op, origin: number): string {
  const what =
    op.kind === 'delete'
      ? 'delete'
      : op.kind === 'read'
        ? `read → ${showValue(op.value)}`
        : `write ${showValue(op.value)}`
  return `${what} on ${op.node} at ${showTime(op.start, origin)}..${showTime(op.end, origin)} ms (${outcome(op)})`
}

export interface FormatOptions {
  /** Entries shown per anomaly list. Default 10. */
  readonly maxPerSection?: number
}

/** A readable multi-line summary: verdict, counts, anomalies with explanations, latency table. */
export function formatReport(report: CheckReport, options: FormatOptions = {}): string {
  const max = options.maxPerSection ?? 10
  const c = report.counts
  const lines = [
    `history check: ${report.valid ? 'VALID' : 'INVALID'} — ${c.lost} lost, ${c.stale} stale ` +
      `(allowed ${report.staleAllowance}), ${c.divergent} divergent, ${c.phantom} phantom; ` +
      `${c.neverRead} never read (informational)`,
    `  ${c.ops} ops (${c.reads} reads, ${c.writes} writes, ${c.deletes} deletes; ${c.ok} ok, ${c.fail} fail, ` +
      `${c.info} indeterminate) on ${c.keys} keys; ${c.finalReads} final reads from ` +
      `${showTime(report.finalAfter, report.origin)} ms; ${c.unverified} acknowledged writes unverified`,
  ]
  const section = (title: string, entries: readonly { explanation: string }[]) => {
    if (entries.length === 0) return
    lines.push(`${title} (${entries.length}):`)
    for (const entry of entries.slice(0, max)) lines.push(`  - ${entry.explanation}`)
    if (entries.length > max) lines.push(`  … and ${entries.length - max} more`)
  }
  section('lost', report.lost)
  section('divergent', report.divergent)
  section('phantom', report.phantom)
  section('stale', report.stale)
  section('never read', report.neverRead)
  lines.push(...formatLatencies(report.latencies))
  if (report.warnings.length > 0) lines.push('warnings:', ...report.warnings.map((w) => `  - ${w}`))
  return lines.join('\n')
}

const COLUMNS = ['0', '0.5', '0.95', '0.99', '1']

/** The latency table: one row per measure, columns count and quantiles 0, 0.5, 0.95, 0.99, 1 (ms). */
export function formatLatencies(latencies: HistoryLatencies): string[] {
  const rows: Array<[string, LatencyStats]> = [
    ...Object.entries(latencies.byKind).map(([kind, stats]): [string, LatencyStats] => [kind, stats]),
    ['visibility', latencies.visibility],
    ['stable', latencies.stable],
  ]
  const cell = (text: string) => text.padStart(9)
  const lines = [`latency (ms)${' '.repeat(6)}${cell('count')}${COLUMNS.map(cell).join('')}`]
  for (const [name, stats] of rows) {
    const values = COLUMNS.map((q) => {
      const v = stats.quantiles[q]
      return cell(v === undefined ? '-' : v.toFixed(1))
    })
    lines.push(`  ${name.padEnd(16)}${cell(String(stats.count))}${values.join('')}`)
  }
  return lines
}
