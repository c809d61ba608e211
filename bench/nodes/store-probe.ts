/**
 * Bench boot module for `sync-latency` and `burst` on the reference store: one replica of `DeltaCrdt`
 * (fixtures/store) wired as StateHandoff wires its own — every connected peer is a neighbour, re-set on
 * node up and down — so `put` here is the code path of `StateHandoff.stash`. The replica's `onDiffs`
 * records when each key became visible on this node (arrivals.ts), which is how readers measure without
 * polling. Options: `node.config.benchStore = { push?, syncIntervalMs?, maxSyncSize? }`.
 */
import { DeltaCrdt, type DeltaCrdtOptions } from 'handoff-harness/fixtures/store'
import { type BootContext, node } from 'handoff-harness/node'
import { Arrivals, benchValue, jittered, sleep } from './arrivals.js'
import type { ArrivalSpan, ProbeStats } from './probe-api.js'

type Options = Pick<DeltaCrdtOptions, 'push' | 'syncIntervalMs' | 'maxSyncSize'>

const arrivals = new Arrivals()
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

/** `count` puts of `<prefix><i>`, each after a jittered pause; the monotonic time just before each put. */
export async function writePaced(
  prefix: string,
  count: number,
  valueBytes: number,
  paceMs: number,
): Promise<bigint[]> {
  const r = store()
  const times: bigint[] = []
  for (let i = 0; i < count; i++) {
    await sleep(jittered(paceMs))
    const value = benchValue(valueBytes, i)
    times.push(process.hrtime.bigint())
    r.put(`${prefix}${i}`, value)
  }
  return times
}

/** `count` puts in one synchronous loop; the monotonic time before the first put and after the last. */
export async function writeBurst(
  prefix: string,
  count: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  const r = store()
  const first = process.hrtime.bigint()
  for (let i = 0; i < count; i++) r.put(`${prefix}${i}`, benchValue(valueBytes, i))
  return { first, last: process.hrtime.bigint() }
}

export function arrivalCount(prefix: string): number {
  return arrivals.count(prefix)
}

export function takeArrivals(prefix: string, count: number): Array<bigint | null> {
  return arrivals.take(prefix, count)
}

export function takeArrivalSpan(prefix: string): ArrivalSpan {
  return arrivals.span(prefix)
}

export function stats(): ProbeStats {
  const s = store().stats()
  return { messagesSent: s.messagesSent, bytesSent: s.bytesSent, counted: true }
}
