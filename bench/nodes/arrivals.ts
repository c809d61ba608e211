/**
 * When each bench key became visible on this node, on CLOCK_MONOTONIC (`process.hrtime.bigint()`), which
 * every process on the machine shares: a writer's timestamp and a reader's can be subtracted directly.
 * Keys are `<prefix><index>` with the prefix ending at the first ':'; a prefix is one measured batch.
 * Recording sits on the measured path (it runs in the readers' change callbacks), so it is kept cheap:
 * one string search and one map insert per key.
 */
import type { ArrivalSpan } from './probe-api.js'

export class Arrivals {
  private readonly byPrefix = new Map<string, Map<string, bigint>>()
  private lastPrefix = ''
  private lastSeen: Map<string, bigint> | undefined

  /** Records `key` as visible at `at` (the first time only). */
  recordOne(key: string, at: bigint): void {
    const cut = key.indexOf(':')
    if (cut < 0) return
    let seen = this.lastSeen
    // Consecutive keys nearly always share the prefix: skip building it again.
    if (seen === undefined || cut !== this.lastPrefix.length - 1 || !key.startsWith(this.lastPrefix)) {
      this.lastPrefix = key.slice(0, cut + 1)
      seen = this.byPrefix.get(this.lastPrefix)
      if (seen === undefined) {
        seen = new Map()
        this.byPrefix.set(this.lastPrefix, seen)
      }
      this.lastSeen = seen
    }
    if (!seen.has(key)) seen.set(key, at)
  }

  record(keys: Iterable<string>, at: bigint = process.hrtime.bigint()): void {
    for (const key of keys) this.recordOne(key, at)
  }

  count(prefix: string): number {
    return this.byPrefix.get(prefix)?.size ?? 0
  }

  private forget(prefix: string): Map<string, bigint> | undefined {
    const seen = this.byPrefix.get(prefix)
    this.byPrefix.delete(prefix)
    if (seen === this.lastSeen) this.lastSeen = undefined
    return seen
  }

  /** How many keys of `prefix` arrived, and the first and last arrival; forgets the prefix. */
  span(prefix: string): { seen: number; first: bigint | null; last: bigint | null } {
    const seen = this.forget(prefix)
    let first: bigint | null = null
    let last: bigint | null = null
    for (const at of seen?.values() ?? []) {
      if (first === null || at < first) first = at
      if (last === null || at > last) last = at
    }
    return { seen: seen?.size ?? 0, first, last }
  }

  /** Arrival time per index 0..count-1 (null when not seen); forgets the prefix. */
  take(prefix: string, count: number): Array<bigint | null> {
    const seen = this.forget(prefix)
    return Array.from({ length: count }, (_, i) => seen?.get(`${prefix}${i}`) ?? null)
  }
}

/** This node's arrivals: the probe's change callback records into it; the test process reads it through
 * the three queries below, which every probe re-exports. */
export const arrivals = new Arrivals()

export function arrivalCount(prefix: string): number {
  return arrivals.count(prefix)
}

export function takeArrivals(prefix: string, count: number): Array<bigint | null> {
  return arrivals.take(prefix, count)
}

export function takeArrivalSpan(prefix: string): ArrivalSpan {
  return arrivals.span(prefix)
}
