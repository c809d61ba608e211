/**
 * `burst`: 10,000 keys written on one node in one synchronous loop, until every other node of 3 has all
 * of them. A sample is one run on a fresh cluster: a first burst of 10,000 other keys warms the code up
 * (its figure is kept as `extra.coldAfterLastMsMedian`), then the measured burst: milliseconds from the
 * end of the last write to the last key arriving on the last reader. `extra` also has how long the
 * writes took and the time from the first write. Variants: the store with push, and with push off at 5 ms and at 200 ms with unbounded
 * batches (DeltaCrdt's 10k-key catch-up was measured that way: 360–740 ms), and Redis (all 10,000 SETs
 * pipelined on the writer's connection; "everywhere" is when the last one was acknowledged).
 */
import { middleSample } from '../report/quantiles.js'
import { skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { burstGrowth } from './burst-growth.js'
import {
  compare,
  eachCell,
  measureRuns,
  type Scenario,
  type ScenarioContext,
  type ScenarioOutput,
} from './scenario.js'
import { perOp, StoreCluster } from './store-cluster.js'
import { redisSystem, type SyncSystem, storeSystem } from './sync-systems.js'

const SCENARIO = 'burst'
const KEYS = 10_000
const NODES = 3
const VALUE_BYTES = 100

function burstSystems(quick: boolean): SyncSystem[] {
  const slow = storeSystem('interval-200ms-unbatched', {
    push: false,
    syncIntervalMs: 200,
    maxSyncSize: 'infinite',
  })
  return [
    storeSystem('push', { push: true }),
    storeSystem('interval-5ms', { push: false, syncIntervalMs: 5 }),
    ...(quick ? [] : [slow]),
    redisSystem(),
  ]
}

interface Run {
  /** The same burst on fresh nodes (JIT cold), before the measured one. */
  coldAfterLastMs: number
  afterLastMs: number
  afterFirstMs: number
  writeMs: number
  msgsPerOp: number | null
  bytesPerOp: number | null
}

/** One burst of KEYS keys: ms from the last write until every observer has them all, and the cost. */
export async function burstOnce(
  sc: StoreCluster,
  prefix: string,
  keys = KEYS,
): Promise<Omit<Run, 'coldAfterLastMs'>> {
  const { cluster, probe, writer } = sc
  const before = await sc.counters()
  const { first, last } = await cluster.call(writer, probe.writeBurst, [prefix, keys, VALUE_BYTES], {
    timeoutMs: 60_000,
  })
  await sc.whenSeen(prefix, keys, 120_000)
  const after = await sc.counters()
  const spans = await Promise.all(sc.observers.map((r) => cluster.call(r, probe.takeArrivalSpan, [prefix])))
  let everywhere = last
  for (const s of spans) {
    if (s.last === null || s.seen < keys) throw new Error(`a node saw ${s.seen} of ${keys} keys`)
    if (s.last > everywhere) everywhere = s.last
  }
  return {
    afterLastMs: Number(everywhere - last) / 1e6,
    afterFirstMs: Number(everywhere - first) / 1e6,
    writeMs: Number(last - first) / 1e6,
    ...perOp(before, after, keys),
  }
}

/** A fresh cluster; a first burst warms the code up (reported as cold), the second is the sample. */
async function oneRun(system: SyncSystem, run: number): Promise<Run> {
  const sc = await StoreCluster.start(system, NODES, `bench-burst-${system.variant}-${run}-${process.pid}`)
  try {
    const cold = await burstOnce(sc, 'warm:')
    return { ...(await burstOnce(sc, 'burst:')), coldAfterLastMs: cold.afterLastMs }
  } finally {
    await sc.stop()
  }
}

function meanOrNull(xs: Array<number | null>): number | null {
  if (xs.some((x) => x === null)) return null
  return (xs as number[]).reduce((a, b) => a + b, 0) / xs.length
}

async function measure(ctx: ScenarioContext, system: SyncSystem, runs: number): Promise<BenchResult> {
  const cell = {
    scenario: SCENARIO,
    variant: system.variant,
    parameters: { nodes: NODES, keys: KEYS, valueBytes: VALUE_BYTES },
    measures: 'end of the last write until every node has every key (one run per sample)',
  }
  const unavailable = system.unavailable()
  if (unavailable !== undefined) return skippedResult(cell, unavailable)
  return measureRuns(
    ctx,
    cell,
    runs,
    (i) => oneRun(system, i),
    (r) => `${r.afterLastMs.toFixed(1)} ms`,
    (done) => ({
      samplesMs: done.map((r) => r.afterLastMs),
      msgsPerOp: meanOrNull(done.map((r) => r.msgsPerOp)),
      bytesPerOp: meanOrNull(done.map((r) => r.bytesPerOp)),
      extra: {
        writeMsMedian: middleSample(done.map((r) => r.writeMs)),
        fromFirstWriteMsMedian: middleSample(done.map((r) => r.afterFirstMs)),
        coldAfterLastMsMedian: middleSample(done.map((r) => r.coldAfterLastMs)),
      },
    }),
  )
}

export const burstScenario: Scenario = {
  name: SCENARIO,
  summary: '10,000 keys written on one node until every node of 3 has all of them',
  async run(ctx): Promise<ScenarioOutput> {
    const runs = ctx.quick ? 1 : 5
    const results = await eachCell(ctx, burstSystems(ctx.quick), (system) => measure(ctx, system, runs))
    if (!ctx.quick) results.push(...(await burstGrowth(ctx)))
    const push = results.find((r) => r.variant === 'push')
    const comparisons =
      push === undefined
        ? []
        : results
            .filter((r) => r !== push && r.parameters.keys === KEYS)
            .flatMap((r) => compare(`burst 10k keys: ${r.variant} / push`, r, push))
    return { results, comparisons }
  },
}
