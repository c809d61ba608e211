/**
 * What every sync probe (store-probe, redis-probe, registry-probe, mesh-probe) exports, so the
 * `sync-latency`, `burst`, `registry` and `heal` scenarios drive any system the same way. A probe only
 * says what one write is and when a key arrived: the write loops are timed-writes.ts, the arrival
 * queries arrivals.ts (re-exported). Times are CLOCK_MONOTONIC nanoseconds (`process.hrtime.bigint()`),
 * comparable across every process on the machine.
 */

export interface ProbeStats {
  /** Messages (and their bytes) this node sent for the system under test; zeros when not counted. */
  messagesSent: number
  bytesSent: number
  counted: boolean
}

export interface ArrivalSpan {
  seen: number
  first: bigint | null
  last: bigint | null
}

export interface SyncProbe {
  /** `count` writes of `<prefix><i>`, each after a jittered pause; the time just before each write. */
  writePaced(prefix: string, count: number, valueBytes: number, paceMs: number): Promise<bigint[]>
  /** `count` writes as fast as the system takes them; the time before the first and after the last. */
  writeBurst(prefix: string, count: number, valueBytes: number): Promise<{ first: bigint; last: bigint }>
  /** How many keys of `prefix` became visible on this node so far. */
  arrivalCount(prefix: string): number
  /** When each key index became visible here (null: not seen); forgets the prefix. */
  takeArrivals(prefix: string, count: number): Array<bigint | null>
  takeArrivalSpan(prefix: string): ArrivalSpan
  stats(): ProbeStats
}
