/**
 * `heal`: the store across a partition. 3 nodes are split {1} | {2, 3}; 100 keys are written on each
 * side; then `cluster.heal()`. A sample is the time from calling `heal()` until every node holds every
 * key of the other side (arrivals recorded inside the nodes). Includes re-linking the mesh; `extra` says
 * how long `heal()` itself took. One cluster per variant, partitioned and healed once per run.
 */
import type { NodeHandle } from 'handoff-harness'
import { middleSample } from '../report/quantiles.js'
import { failedResult, okResult, skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { compare, eachCell, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'
import { StoreCluster } from './store-cluster.js'
import { type SyncSystem, storeSystem } from './sync-systems.js'

const SCENARIO = 'heal'
const KEYS = 100

async function measure(ctx: ScenarioContext, system: SyncSystem, runs: number): Promise<BenchResult> {
  const cell = {
    scenario: SCENARIO,
    variant: system.variant,
    parameters: { nodes: 3, keysPerSide: KEYS },
    measures: 'heal() until every node holds every key written on the other side',
  }
  const unavailable = system.unavailable()
  if (unavailable !== undefined) return skippedResult(cell, unavailable)
  let sc: StoreCluster | undefined
  const samples: number[] = []
  const healMs: number[] = []
  try {
    sc = await StoreCluster.start(system, 3, `bench-heal-${system.variant}-${process.pid}`)
    const { cluster, probe } = sc
    const [n1, n2, n3] = cluster.nodes() as [NodeHandle, NodeHandle, NodeHandle]
    for (let run = 0; run < runs; run++) {
      const [a, b] = [`a${run}:`, `b${run}:`]
      await cluster.partition([n1], [n2, n3])
      await cluster.call(n1, probe.writeBurst, [a, KEYS, 100])
      await cluster.call(n2, probe.writeBurst, [b, KEYS, 100])
      await sc.whenSeen(b, KEYS, 10_000, [n3])
      const t0 = process.hrtime.bigint()
      await cluster.heal()
      healMs.push(Number(process.hrtime.bigint() - t0) / 1e6)
      await Promise.all([sc.whenSeen(b, KEYS, 30_000, [n1]), sc.whenSeen(a, KEYS, 30_000, [n2, n3])])
      const spans = await Promise.all([
        cluster.call(n1, probe.takeArrivalSpan, [b]),
        cluster.call(n2, probe.takeArrivalSpan, [a]),
        cluster.call(n3, probe.takeArrivalSpan, [a]),
      ])
      await cluster.call(n3, probe.takeArrivalSpan, [b])
      const last = spans.reduce((m, s) => (s.last !== null && s.last > m ? s.last : m), t0)
      samples.push(Number(last - t0) / 1e6)
      ctx.progress(`${SCENARIO}: ${system.variant} run ${run + 1}/${runs}: ${samples.at(-1)!.toFixed(1)} ms`)
    }
  } catch (err) {
    return failedResult(cell, err instanceof Error ? err.message : String(err))
  } finally {
    await sc?.stop()
  }
  return okResult(cell, { samplesMs: samples, extra: { healCallMsMedian: middleSample(healMs) } })
}

export const healScenario: Scenario = {
  name: SCENARIO,
  summary: 'partition {1}|{2,3}, 100 writes per side, heal() until every node has every key (store)',
  async run(ctx): Promise<ScenarioOutput> {
    const runs = ctx.quick ? 2 : 8
    const systems = [
      storeSystem('push', { push: true }),
      storeSystem('interval-200ms', { push: false, syncIntervalMs: 200 }),
    ]
    const results = await eachCell(ctx, systems, (system) => measure(ctx, system, runs))
    const [push, slow] = results
    return { results, comparisons: push && slow ? compare('heal: interval-200ms / push', slow, push) : [] }
  },
}
