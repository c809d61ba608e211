/**
 * What waking from idle costs this machine's CPU work, measured at the start of a run: the same small
 * piece of message work (a v8 round trip of a small object, a buffer built and read back) timed back to
 * back and right after a 10 ms sleep — the gap between two paced writes, during which the process is idle.
 * On a shared VM the second is several times the first (caches and branch predictors were taken over
 * while the process slept, and a halted vCPU must be woken), and every µs of work on a write's path is
 * paid at that rate in `sync-latency`. It says why a store's extra code costs more than its instruction
 * count suggests, and that the same holds for the floors.
 */
import { deserialize, serialize } from 'node:v8'
import type { IdleWake } from '../report/schema.js'

const IDLE_MS = 10
const SAMPLES = 150

let sink: unknown

function work(i: number): void {
  const body = deserialize(serialize({ t: 'msg', s: 'bench', b: [`k:${i}`, 'v'.repeat(90)] }))
  const buf = Buffer.allocUnsafe(120)
  buf.write(JSON.stringify(body), 0, 'latin1')
  sink = buf.toString('latin1', 0, 16)
}

function timeOnce(i: number): number {
  const t0 = process.hrtime.bigint()
  work(i)
  return Number(process.hrtime.bigint() - t0) / 1000
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export async function measureIdleWake(): Promise<IdleWake> {
  for (let i = 0; i < 200; i++) work(i) // let the JIT settle first: we compare caches, not tiers
  const hot: number[] = []
  const afterIdle: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
    afterIdle.push(timeOnce(i))
    hot.push(timeOnce(i + 1))
  }
  void sink
  const hotUs = median(hot)
  const afterIdleUs = median(afterIdle)
  return { idleMs: IDLE_MS, hotUs, afterIdleUs, factor: afterIdleUs / hotUs }
}
