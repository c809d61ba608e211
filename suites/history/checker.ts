/**
 * Checks a key-value store history against the store contract (`stash` = write, `pickup` = read,
 * `remove` = delete; eventually consistent, last writer wins, concurrent writes may go either way).
 * Order is real time on one host (see `key-timeline`). Final reads are, per key and node, the last ok
 * read starting at or after `finalAfter` (the `'quiesced'` mark by default): the workload's reads once
 * faults are healed and replication has had its time. Anomalies:
 * - lost: an acknowledged write/delete that no final read starting after it shows, where no final read
 *   shows a concurrent or newer version either (a concurrent write may lose only to a concurrent winner);
 * - stale: a read returning a version older than a write that completed more than the settle window
 *   before the read started (eventually consistent stores need a window; the caller sets it, and an
 *   allowance of stale reads);
 * - never read: an acknowledged write no read ever returned (informational);
 * - divergent: final reads of one key on different nodes disagree;
 * - phantom: a read returning a value no write that may have happened wrote, or from the future.
 * Indeterminate writes are never lost, but may be observed at any time after they were invoked.
 */
import type { History } from './history.js'
import { type KeyTimeline, type TimelineOptions, timelines } from './key-timeline.js'
import { historyLatencies, QUANTILES } from './latency.js'
import { isMutation, type Op, outcome, QUIESCED } from './op.js'
import {
  type CheckReport,
  type Divergence,
  describeOp,
  type LostWrite,
  type NeverReadWrite,
  type PhantomRead,
  type StaleRead,
  showTime,
} from './report.js'
import { showValue, valueKey } from './value-codec.js'

export interface CheckOptions extends TimelineOptions {
  /**
   * Reads starting at or after this time (absolute ms, on the history's clock) are final reads.
   * Default: the last `'quiesced'` mark, else the end of the last write or delete.
   */
  readonly finalAfter?: number
  /** A read on another node than the writer is stale only if it started this long after the write completed. Default 0. */
  readonly settleMs?: number
  /** The same for a read on the writer's own node (read-your-writes). Default 0. */
  readonly sameNodeSettleMs?: number
  /** Stale reads tolerated before the history is invalid. Default 0. */
  readonly staleAllowance?: number
  /** Visibility latency counts only other nodes than the writer. Default true. */
  readonly visibilityRemoteOnly?: boolean
  /** Quantiles for the latency figures. Default 0, 0.5, 0.95, 0.99, 1. */
  readonly quantiles?: readonly number[]
}

interface Findings {
  lost: LostWrite[]
  stale: StaleRead[]
  neverRead: NeverReadWrite[]
  divergent: Divergence[]
  phantom: PhantomRead[]
  warnings: string[]
  finalReads: number
  unverified: number
  unjudgedKeys: string[]
}

/** Checks a history (a `History` or its ops) and returns a structured report. */
export function checkHistory(history: History | readonly Op[], options: CheckOptions = {}): CheckReport {
  const ops = Array.isArray(history) ? (history as readonly Op[]) : (history as History).ops()
  const quiesced = Array.isArray(history) ? undefined : (history as History).lastMark(QUIESCED)
  const origin = ops.reduce((min, op) => Math.min(min, op.start), Number.POSITIVE_INFINITY)
  const finalAfter = options.finalAfter ?? quiesced?.time ?? lastMutationEnd(ops, origin)
  const found: Findings = {
    lost: [],
    stale: [],
    neverRead: [],
    divergent: [],
    phantom: [],
    warnings: [],
    finalReads: 0,
    unverified: 0,
    unjudgedKeys: [],
  }
  const shownOrigin = Number.isFinite(origin) ? origin : 0
  const byKey = timelines(ops, options)
  for (const timeline of byKey.values()) checkKey(timeline, finalAfter, shownOrigin, options, found)
  if (found.unjudgedKeys.length > 0) {
    found.warnings.unshift(
      `no final read (starting at or after ${showTime(finalAfter, shownOrigin)} ms) of ` +
        `${found.unjudgedKeys.length} written key(s), e.g. ${found.unjudgedKeys.slice(0, 3).map(showKey).join(', ')}: ` +
        'lost writes cannot be detected there',
    )
  }
  const staleAllowance = options.staleAllowance ?? 0
  const count = (pred: (op: Op) => boolean) => ops.filter(pred).length
  return {
    valid:
      found.lost.length === 0 &&
      found.divergent.length === 0 &&
      found.phantom.length === 0 &&
      found.stale.length <= staleAllowance,
    lost: found.lost,
    stale: found.stale,
    neverRead: found.neverRead,
    divergent: found.divergent,
    phantom: found.phantom,
    counts: {
      ops: ops.length,
      reads: count((op) => op.kind === 'read'),
      writes: count((op) => op.kind === 'write'),
      deletes: count((op) => op.kind === 'delete'),
      ok: count((op) => outcome(op) === 'ok'),
      fail: count((op) => outcome(op) === 'fail'),
      info: count((op) => outcome(op) === 'info'),
      keys: byKey.size,
      finalReads: found.finalReads,
      lost: found.lost.length,
      stale: found.stale.length,
      neverRead: found.neverRead.length,
      divergent: found.divergent.length,
      phantom: found.phantom.length,
      unverified: found.unverified,
    },
    latencies: historyLatencies(
      ops,
      { ...options, remoteOnly: options.visibilityRemoteOnly ?? true },
      options.quantiles ?? QUANTILES,
    ),
    warnings: found.warnings,
    origin: shownOrigin,
    finalAfter,
    staleAllowance,
  }
}

function lastMutationEnd(ops: readonly Op[], origin: number): number {
  let last = Number.isFinite(origin) ? origin : 0
  for (const op of ops) {
    if (isMutation(op) && outcome(op) !== 'fail') last = Math.max(last, op.end ?? op.start)
  }
  return last
}

const showKey = (key: string) => JSON.stringify(key)

function checkKey(
  t: KeyTimeline,
  finalAfter: number,
  origin: number,
  options: CheckOptions,
  found: Findings,
) {
  const key = t.key
  const k = showKey(key)
  const finals = new Map<string, Op>()
  for (const read of t.reads) if (read.start >= finalAfter) finals.set(read.node, read)
  const finalReads = [...finals.values()]
  found.finalReads += finalReads.length
  const finalsText = (reads: readonly Op[]) =>
    reads.map((read) => `${read.node} → ${showValue(read.value)}`).join(', ')

  // Phantom: no version that may have happened explains the value read.
  for (const read of t.reads) {
    if (t.sources(read).length > 0) continue
    const why = t.failedValues.has(valueKey(read.value))
      ? 'only a failed write wrote'
      : 'no write invoked before the read ended wrote'
    found.phantom.push({
      key,
      read,
      explanation: `key ${k}: ${describeOp(read, origin)} returned a value ${why}`,
    })
  }

  // Stale: report the newest completed write the read missed (beyond the settle window).
  for (const read of t.reads) {
    let missed: Op | undefined
    for (const write of t.mutations) {
      const settle = write.node === read.node ? (options.sameNodeSettleMs ?? 0) : (options.settleMs ?? 0)
      if (write.end! + settle >= read.start || !t.isOlderThan(read, write)) continue
      if (!missed || write.end! > missed.end!) missed = write
    }
    if (!missed) continue
    const lagMs = read.start - missed.end!
    const sameNode = missed.node === read.node
    found.stale.push({
      key,
      read,
      missed,
      lagMs,
      sameNode,
      explanation:
        `key ${k}: ${describeOp(read, origin)} is stale: it started ${lagMs.toFixed(1)} ms after ` +
        `${describeOp(missed, origin)} completed${sameNode ? ' on the same node' : ''}`,
    })
  }

  // Lost: judged only by final reads that started after the write completed.
  let unjudged = false
  const lostIds = new Set<number>()
  for (const write of t.mutations) {
    const judges = finalReads.filter((read) => read.start >= write.end!)
    if (judges.length === 0) {
      found.unverified++
      unjudged = true
      continue
    }
    if (judges.some((read) => t.isAtLeastAsNew(read, write))) continue
    lostIds.add(write.id)
    found.lost.push({
      key,
      write,
      finalReads: judges,
      explanation:
        `key ${k}: ${describeOp(write, origin)} is lost: no final read shows it or anything newer ` +
        `(${finalsText(judges)})`,
    })
  }
  if (unjudged && finalReads.length === 0) found.unjudgedKeys.push(key)

  // Divergent: only meaningful when nothing was written to the key during the final reads.
  const distinct = new Set(finalReads.map((read) => valueKey(read.value)))
  if (distinct.size > 1) {
    const firstFinal = Math.min(...finalReads.map((read) => read.start))
    const during = t.versions.filter((op) => op.start >= firstFinal)
    if (during.length > 0) {
      found.warnings.push(
        `key ${k}: ${during.length} write(s) started during the final reads; divergence not judged`,
      )
    } else {
      found.divergent.push({
        key,
        finalReads,
        explanation: `key ${k}: final reads disagree: ${finalsText(finalReads)}`,
      })
    }
  }

  // Never read: informational, and disjoint from lost.
  for (const write of t.mutations) {
    if (write.kind !== 'write' || lostIds.has(write.id)) continue
    const seen = t.readsOf(valueKey(write.value)).some((read) => read.end! >= write.start)
    if (seen) continue
    found.neverRead.push({
      key,
      write,
      explanation: `key ${k}: ${describeOp(write, origin)} was never returned by any read`,
    })
  }

  for (const value of t.ambiguousValues()) {
    found.warnings.push(
      `key ${k}: value ${value.length > 60 ? `${value.slice(0, 59)}…` : value} was written more than once; ` +
        'reads cannot tell those writes apart',
    )
  }
}
