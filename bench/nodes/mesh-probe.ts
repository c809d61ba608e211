/**
 * Bench boot module for the floor under `sync-latency`: no store at all, just the harness mesh. A write
 * is the key and value as bytes (key-value-bytes.ts, the same bytes `raw-tcp` carries), one `node.send`
 * of them to every connected peer; each peer records when it has decoded the key and value. The store's
 * `push` variant sends bytes it encoded itself the same way, plus its own work, so the gap between the
 * two is what the store costs and the gap to `raw-tcp` what the mesh costs, in the same run.
 */
import { node } from 'handoff-harness/node'
// The mesh's own frame counter (same module instance as the node runtime's: both load it from dist/).
import { wireCounters } from '../../harness/mesh/frame.js'
import { arrivals } from './arrivals.js'
import { decodeKeyValue, encodeKeyValue } from './key-value-bytes.js'
import type { ProbeStats } from './probe-api.js'
import * as Timed from './timed-writes.js'

export { arrivalCount, takeArrivalSpan, takeArrivals } from './arrivals.js'

const SERVICE = 'bench-mesh'

export function start(): void {
  node.handle(SERVICE, (msg) => {
    const { key } = decodeKeyValue(msg as Buffer)
    arrivals.recordOne(key, process.hrtime.bigint())
  })
}

function broadcast(key: string, value: string): void {
  const bytes = encodeKeyValue(key, value)
  for (const peer of node.peers()) node.send(peer, SERVICE, bytes)
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
