/**
 * Bench boot module for `sync-latency` and `burst` on the reference store: one replica of `DeltaCrdt`
 * (fixtures/store) wired as StateHandoff wires its own — every connected peer is a neighbour, re-set on
 * node up and down — so `put` here is the code path of `StateHandoff.stash`. The replica's `onDiffs`
 * records when each key became visible on this node (arrivals.ts), which is how readers measure without
 * polling. Options: `node.config.benchStore = { push?, syncIntervalMs?, maxSyncSize? }`.
 */
import { DeltaCrdt, type DeltaCrdtOptions } from 'handoff-harness/fixtures/store'
import { type BootContext, node } from 'handoff-harness/node'
// The mesh's own frame counter (same module instance as the node runtime's: both load it from dist/).
import { wireCounters } from '../../harness/mesh/frame.js'
import { arrivals } from './arrivals.js'
import type { ProbeStats } from './probe-api.js'
import * as Timed from './timed-writes.js'

export { arrivalCount, takeArrivalSpan, takeArrivals } from './arrivals.js'

type Options = Pick<DeltaCrdtOptions, 'push' | 'syncIntervalMs' | 'maxSyncSize'>

let replica: DeltaCrdt<string> | undefined

export function start(ctx: BootContext): void {
  const opts = (ctx.config.benchStore ?? {}) as Options
  const r = DeltaCrdt.start<string>({
    ...opts,
    name: 'bench',
    onDiffs: (diffs) => {
      const at = process.hrtime.bigint()
      for (const d of diffs) if (d.type === 'add') arrivals.recordOne(d.key, at)
    },
  })
  replica = r
  const refresh = (): void => r.setNeighbours(node.peers())
  node.onNodeUp(refresh)
  node.onNodeDown(refresh)
  refresh()
}

export async function stop(): Promise<void> {
  await replica?.stop({ flush: false })
}

function store(): DeltaCrdt<string> {
  if (replica === undefined) throw new Error('store-probe is not booted on this node')
  return replica
}

export function writePaced(
  prefix: string,
  count: number,
  valueBytes: number,
  paceMs: number,
): Promise<bigint[]> {
  const r = store()
  return Timed.writePaced(
    prefix,
    count,
    paceMs,
    (i) => Timed.benchValue(valueBytes, i),
    (key, value) => r.put(key, value),
  )
}

/** The puts run in one synchronous loop. */
export function writeBurst(
  prefix: string,
  count: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  const r = store()
  return Timed.writeBurst(prefix, count, (key, i) => r.put(key, Timed.benchValue(valueBytes, i)))
}

/** What this node's mesh carried: every frame it encoded (pushes, acks, anti-entropy requests and
 * replies), 4-byte length included; heartbeats (time-driven, not per write) and TCP/IP headers not. */
export function stats(): ProbeStats {
  return { messagesSent: wireCounters.frames, bytesSent: wireCounters.bytes, counted: true }
}
