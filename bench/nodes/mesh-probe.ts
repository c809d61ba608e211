/**
 * Bench boot module for the floor under `sync-latency`: no store at all, just the harness mesh. A write
 * is one `node.send` of the key and value to every connected peer; each peer records when the message
 * arrived. The store's `push` variant does this plus its own work, so the gap between the two is what
 * the store costs, measured in the same run on the same machine.
 */
import { node } from 'handoff-harness/node'
import { Arrivals, benchValue, jittered, sleep } from './arrivals.js'
import type { ArrivalSpan, ProbeStats } from './probe-api.js'

const SERVICE = 'bench-mesh'
const arrivals = new Arrivals()
const counters = { messagesSent: 0, bytesSent: 0 }

export function start(): void {
  node.handle(SERVICE, (msg) => {
    arrivals.recordOne((msg as [string, string])[0], process.hrtime.bigint())
  })
}

function broadcast(key: string, value: string): void {
  for (const peer of node.peers()) {
    node.send(peer, SERVICE, [key, value])
    counters.messagesSent++
    counters.bytesSent += key.length + value.length
  }
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
    const value = benchValue(valueBytes, i)
    times.push(process.hrtime.bigint())
    broadcast(`${prefix}${i}`, value)
  }
  return times
}

export async function writeBurst(
  prefix: string,
  n: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  const first = process.hrtime.bigint()
  for (let i = 0; i < n; i++) broadcast(`${prefix}${i}`, benchValue(valueBytes, i))
  return { first, last: process.hrtime.bigint() }
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
