/**
 * Bench boot module for the Redis-backed store (fixtures/redis-store, booted before this one). Redis is
 * the single source of truth: a value is visible to every node once the server has applied the SET, and
 * the writer learns that when the reply arrives. So the writer is the observer here: it records, per
 * key, when its `stash` resolved, an upper bound of the moment every node could pick the value up.
 * Messages are counted as the probe sends them: one command and one reply per write; bytes are the
 * RESP-encoded command plus the `+OK` reply.
 */
import * as RedisStore from 'handoff-harness/fixtures/redis-store'
import { arrivals } from './arrivals.js'
import type { ProbeStats } from './probe-api.js'
import * as Timed from './timed-writes.js'

export { arrivalCount, takeArrivalSpan, takeArrivals } from './arrivals.js'

const counters = { messagesSent: 0, bytesSent: 0 }
const PREFIX_BYTES = 'handoff:'.length
/** base64 of the v8 serialisation: header bytes plus the string, ×4/3. */
const encodedBytes = (valueBytes: number): number => Math.ceil((valueBytes + 5) / 3) * 4

function count(key: string, valueBytes: number): void {
  const k = key.length + PREFIX_BYTES
  const v = encodedBytes(valueBytes)
  const command = `*3\r\n$3\r\nSET\r\n$${k}\r\n\r\n$${v}\r\n\r\n`.length + k + v
  counters.messagesSent += 2
  counters.bytesSent += command + '+OK\r\n'.length
}

/** The value is built inside the timed write here, as it always was for Redis. */
function stashRecorded(valueBytes: number): Timed.Write<number> {
  return async (key, index) => {
    await RedisStore.stash(key, Timed.benchValue(valueBytes, index))
    arrivals.record([key])
    count(key, valueBytes)
  }
}

export function writePaced(prefix: string, n: number, valueBytes: number, paceMs: number): Promise<bigint[]> {
  return Timed.writePaced(prefix, n, paceMs, (i) => i, stashRecorded(valueBytes))
}

/** All writes issued at once (node-redis pipelines them on its one connection). */
export function writeBurst(
  prefix: string,
  n: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  return Timed.writeBurst(prefix, n, stashRecorded(valueBytes), 'pipelined')
}

export function stats(): ProbeStats {
  return { ...counters, counted: true }
}
