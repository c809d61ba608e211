/**
 * Bench boot module for the floor under `sync-latency`: no store at all, just the harness mesh. A write
 * is one `node.send` of the key and value to every connected peer; each peer records when the message
 * arrived. The store's `push` variant does this plus its own work, so the gap between the two is what
 * the store costs, measured in the same run on the same machine.
 */
import { node } from 'handoff-harness/node'
// The mesh's own frame counter (same module instance as the node runtime's: both load it from dist/).
import { wireCounters } from '../../harness/mesh/frame.js'
import { arrivals } from './arrivals.js'
import type { ProbeStats } from './probe-api.js'
import * as Timed from './timed-writes.js'

export { arrivalCount, takeArrivalSpan, takeArrivals } from './arrivals.js'

const SERVICE = 'bench-mesh'

export function start(): void {
  node.handle(SERVICE, (msg) => {
    arrivals.recordOne((msg as [string, string])[0], process.hrtime.bigint())
  })
}

function broadcast(key: string, value: string): void {
  for (const peer of node.peers()) {
    node.send(peer, SERVICE, [key, value])
  }
}

export function writePaced(prefix: string, n: number, valueBytes: number, paceMs: number): Promise<bigint[]> {
  return Timed.writePaced(prefix, n, paceMs, (i) => Timed.benchValue(valueBytes, i), broadcast)
}

export function writeBurst(
  prefix: string,
  n: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  return Timed.writeBurst(prefix, n, (key, i) => broadcast(key, Timed.benchValue(valueBytes, i)))
}

/** What this node's mesh carried: every frame it encoded (pushes, acks, anti-entropy requests and
 * replies), 4-byte length included; heartbeats (time-driven, not per write) and TCP/IP headers not. */
export function stats(): ProbeStats {
  return { messagesSent: wireCounters.frames, bytesSent: wireCounters.bytes, counted: true }
}
