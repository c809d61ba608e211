/**
 * Test-only boot module for measuring the reference store on real nodes: a `DeltaCrdt` named 'probe'
 * (options from `node.config.storeProbe`), neighbours = every connected peer. Writers return when they
 * wrote each key; every node records when each key first became readable (onDiffs), so sync latency is
 * measured inside the nodes, without the test process's IPC in the path. Times are milliseconds on
 * CLOCK_MONOTONIC (`process.hrtime`), one clock for every process on the machine. Keys are
 * `<prefix><index>` with the prefix ending at its first ':'.
 */
import { DeltaCrdt, type DeltaCrdtOptions, type ReplicaStats } from 'handoff-harness/fixtures/store'
import { node } from 'handoff-harness/node'

let replica: DeltaCrdt<string> | undefined
/** Per prefix: key → when it became readable here, and the latest such time. */
const arrivals = new Map<string, { keys: Map<string, number>; last: number }>()

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

function record(key: string, at: number): void {
  const prefix = key.slice(0, key.indexOf(':') + 1)
  let batch = arrivals.get(prefix)
  if (batch === undefined) {
    batch = { keys: new Map(), last: 0 }
    arrivals.set(prefix, batch)
  }
  if (batch.keys.has(key)) return
  batch.keys.set(key, at)
  batch.last = Math.max(batch.last, at)
}

function current(): DeltaCrdt<string> {
  if (replica === undefined) throw new Error('store-probe is not booted')
  return replica
}

function paddedValue(index: number, bytes: number): string {
  const tag = `${index}:`
  return tag + 'v'.repeat(Math.max(0, bytes - tag.length))
}

export function start(): void {
  const cfg = (node.config.storeProbe ?? {}) as Partial<DeltaCrdtOptions<string>>
  const r = DeltaCrdt.start<string>({
    ...cfg,
    name: 'probe',
    onDiffs: (diffs) => {
      const at = now()
      for (const d of diffs) if (d.type === 'add') record(d.key, at)
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

/** Writes `count` keys `<prefix><i>` of `bytes` each, `paceMs` ± 50 % apart; when each was written. */
export async function paced(prefix: string, count: number, paceMs: number, bytes = 100): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, paceMs * (0.5 + Math.random())))
    const value = paddedValue(i, bytes)
    times.push(now())
    current().put(`${prefix}${i}`, value)
  }
  return times
}

/** Writes `count` keys in one synchronous loop; when the first and the last write happened. */
export function burst(prefix: string, count: number, bytes = 100): { first: number; last: number } {
  const r = current()
  const first = now()
  for (let i = 0; i < count; i++) r.put(`${prefix}${i}`, paddedValue(i, bytes))
  return { first, last: now() }
}

/** How many keys of `prefix` are readable here, and when the last of them became readable. */
export function seen(prefix: string): { count: number; last: number } {
  const batch = arrivals.get(prefix)
  return { count: batch?.keys.size ?? 0, last: batch?.last ?? 0 }
}

/** When each key `<prefix><i>` became readable here (NaN if not yet). */
export function arrivalTimes(prefix: string, count: number): number[] {
  const keys = arrivals.get(prefix)?.keys
  return Array.from({ length: count }, (_, i) => keys?.get(`${prefix}${i}`) ?? Number.NaN)
}

export function stats(): ReplicaStats {
  return current().stats()
}

/** TEMP: stage timestamps recorded by an instrumented build. */
export function trace(): Array<[string, number]> {
  return ((globalThis as Record<string, unknown>).__trace as Array<[string, number]>) ?? []
}
