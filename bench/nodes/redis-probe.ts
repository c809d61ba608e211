/**
 * Bench boot module for the Redis-backed store (fixtures/redis-store, booted before this one). Redis is
 * the single source of truth: a value is visible to every node once the server has applied the SET, and
 * the writer learns that when the reply arrives. So the writer is the observer here: it records, per
 * key, when its `stash` resolved, an upper bound of the moment every node could pick the value up.
 * Messages are counted as the probe sends them: one command and one reply per write; bytes are the
 * RESP-encoded command plus the `+OK` reply.
 */
import * as RedisStore from 'handoff-harness/fixtures/redis-store'
import { Arrivals, benchValue, jittered, sleep } from './arrivals.js'
import type { ArrivalSpan, ProbeStats } from './probe-api.js'

const arrivals = new Arrivals()
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

async function stashRecorded(key: string, valueBytes: number, index: number): Promise<void> {
  await RedisStore.stash(key, benchValue(valueBytes, index))
  arrivals.record([key])
  count(key, valueBytes)
}

export async function writePaced(
  prefix: string,
  n: number,
  valueBytes: number,
  paceMs: number,
): Promise<bigint[]> {
  const times: bigint[] = []
  for (let i = 0; i < n; i++) {
    await sleep(jittered(paceMs))
    times.push(process.hrtime.bigint())
    await stashRecorded(`${prefix}${i}`, valueBytes, i)
  }
  return times
}

/** All writes issued at once (node-redis pipelines them on its one connection). */
export async function writeBurst(
  prefix: string,
  n: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  const first = process.hrtime.bigint()
  const pending: Array<Promise<void>> = []
  for (let i = 0; i < n; i++) pending.push(stashRecorded(`${prefix}${i}`, valueBytes, i))
  const last = process.hrtime.bigint()
  await Promise.all(pending)
  return { first, last }
}

export function arrivalCount(prefix: string): number {
  return arrivals.count(prefix)
}

export function takeArrivals(prefix: string, n: number): Array<bigint | null> {
  return arrivals.take(prefix, n)
}

export function takeArrivalSpan(prefix: string): ArrivalSpan {
  return arrivals.span(prefix)
}

export function stats(): ProbeStats {
  return { ...counters, counted: true }
}
