/**
 * Latency figures in Maelstrom's vocabulary: quantiles 0, 0.5, 0.95, 0.99 and 1 (min, median, tails,
 * max), by nearest rank, so every figure is a latency that really occurred. Three measures:
 * - *operation latency*: end − start of each ok operation, per kind;
 * - *visibility latency*: per write and per reading node, the time from the write's completion to the
 *   end of that node's first read returning the write or something newer (0 if it was already there);
 * - *stable latency* (Jepsen/Maelstrom "stable-latencies"): per write, the time from its completion
 *   until after which no read, on any node, returned anything older (the end of the last read that
 *   still missed it). A write that some last read still misses never stabilised and has no sample.
 * "Newer" uses the real-time order of `key-timeline`.
 */

import { type TimelineOptions, timelines } from './key-timeline.js'
import type { Op, OpKind } from './op.js'
import { outcome } from './op.js'

/** The quantiles Maelstrom reports. */
export const QUANTILES: readonly number[] = [0, 0.5, 0.95, 0.99, 1]

/** Quantile → value, keyed by `String(q)`: `{ '0': min, '0.5': median, ..., '1': max }`. */
export type Quantiles = Record<string, number>

export interface LatencyStats {
  readonly count: number
  /** Empty when there are no samples. */
  readonly quantiles: Quantiles
}

/** The nearest-rank quantile of ascending `sorted`: the smallest sample with at least q·n at or below. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no samples')
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`)
  const rank = Math.max(1, Math.ceil(q * sorted.length))
  return sorted[rank - 1]!
}

/** Nearest-rank quantiles of `samples` (any order); `{}` when there are none. */
export function quantiles(samples: readonly number[], qs: readonly number[] = QUANTILES): Quantiles {
  if (samples.some((s) => Number.isNaN(s))) throw new RangeError('latency samples must not be NaN')
  const out: Quantiles = {}
  if (samples.length === 0) return out
  const sorted = [...samples].sort((a, b) => a - b)
  for (const q of qs) out[String(q)] = quantileOfSorted(sorted, q)
  return out
}

export function latencyStats(samples: readonly number[], qs: readonly number[] = QUANTILES): LatencyStats {
  return { count: samples.length, quantiles: quantiles(samples, qs) }
}

/** Latency (end − start) of ok operations, per kind. */
export function opLatencies(
  ops: readonly Op[],
  qs: readonly number[] = QUANTILES,
): Partial<Record<OpKind, LatencyStats>> {
  const samples = new Map<OpKind, number[]>()
  for (const op of ops) {
    if (outcome(op) !== 'ok' || op.end === undefined) continue
    const list = samples.get(op.kind) ?? []
    list.push(op.end - op.start)
    samples.set(op.kind, list)
  }
  const out: Partial<Record<OpKind, LatencyStats>> = {}
  for (const [kind, list] of samples) out[kind] = latencyStats(list, qs)
  return out
}

export interface VisibilitySample {
  readonly write: Op
  readonly node: string
  /** The first read on `node` that returned the write or something newer. */
  readonly read: Op
  readonly ms: number
}

export interface VisibilityOptions extends TimelineOptions {
  /** Leave out the writer's own reads (read-your-writes is not replication). Default false. */
  readonly remoteOnly?: boolean
}

/** Visibility latency of each ok write or delete on each node that read its key after it started. */
export function visibilitySamples(ops: readonly Op[], options: VisibilityOptions = {}): VisibilitySample[] {
  const out: VisibilitySample[] = []
  for (const timeline of timelines(ops, options).values()) {
    const readNodes = new Set(timeline.reads.map((read) => read.node))
    for (const write of timeline.mutations) {
      for (const node of readNodes) {
        if (options.remoteOnly && node === write.node) continue
        const read = timeline.reads.find(
          (r) => r.node === node && r.start >= write.start && timeline.isAtLeastAsNew(r, write),
        )
        if (read) out.push({ write, node, read, ms: Math.max(0, read.end! - write.end!) })
      }
    }
  }
  return out
}

export interface StableSample {
  readonly write: Op
  readonly ms: number
}

/** Stable latency of each ok write or delete that some read after it completed observed. */
export function stableSamples(ops: readonly Op[], options: TimelineOptions = {}): StableSample[] {
  const out: StableSample[] = []
  for (const timeline of timelines(ops, options).values()) {
    for (const write of timeline.mutations) {
      const after = timeline.reads.filter((read) => read.start > write.end!)
      const last = after.at(-1)
      if (!last || timeline.isOlderThan(last, write)) continue
      const missed = after.filter((read) => timeline.isOlderThan(read, write))
      const lastMissEnd = missed.reduce((latest, read) => Math.max(latest, read.end!), write.end!)
      out.push({ write, ms: lastMissEnd - write.end! })
    }
  }
  return out
}

/** Convenience: every latency measure of a history as quantiles. */
export interface HistoryLatencies {
  readonly byKind: Partial<Record<OpKind, LatencyStats>>
  readonly visibility: LatencyStats
  readonly stable: LatencyStats
}

export function historyLatencies(
  ops: readonly Op[],
  options: VisibilityOptions = {},
  qs: readonly number[] = QUANTILES,
): HistoryLatencies {
  return {
    byKind: opLatencies(ops, qs),
    visibility: latencyStats(
      visibilitySamples(ops, options).map((s) => s.ms),
      qs,
    ),
    stable: latencyStats(
      stableSamples(ops, options).map((s) => s.ms),
      qs,
    ),
  }
}
