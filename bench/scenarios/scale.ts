/**
 * `scale`: how the cost of a cluster grows with its size, at 8, 16, 32 and 64 nodes (`--quick`: 8, 16).
 * Per size, on one fresh cluster of bare mesh nodes (the `mesh-floor` system of sync-latency): the time
 * `Cluster.start({ nodes })` takes until every node is ready (fully meshed), the resident memory per node
 * (RSS, read inside each node once started), and the sync latency of paced writes on one node until
 * every other node has them (same probe and pacing as `sync-latency`). The ratios print each size
 * against the smallest one, so growth is visible as a number; a run also counts false downs (links
 * declared down while nothing was stopped), which must be 0.
 */
import { type RemoteModule, remote } from 'handoff-harness'
import { failedResult, okResult } from '../report/result.js'
import type { BenchResult, Comparison } from '../report/schema.js'
import { benchNodeModule } from '../run/module-path.js'
import { compare, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'
import { StoreCluster, untilEverywhere } from './store-cluster.js'
import { meshFloorSystem } from './sync-systems.js'

const SCENARIO = 'scale'
const PACE_MS = 10
const WARMUP_WRITES = 20
const CALL = { timeoutMs: 120_000 }

type NodeStats = typeof import('../nodes/node-stats.js')
const Stats = (): RemoteModule<NodeStats> => remote<NodeStats>(benchNodeModule('node-stats'))

const MB = 1024 * 1024

async function oneSize(ctx: ScenarioContext, nodes: number, writes: number): Promise<BenchResult[]> {
  const system = meshFloorSystem()
  const startCell = {
    scenario: SCENARIO,
    variant: 'start',
    parameters: { nodes },
    measures: 'Cluster.start({ nodes }) until every node is ready (fully meshed)',
  }
  const syncCell = {
    scenario: SCENARIO,
    variant: 'sync',
    parameters: { nodes },
    measures: 'a paced write on one node until every other node has it (bare mesh)',
  }
  let sc: StoreCluster | undefined
  try {
    const t0 = performance.now()
    sc = await StoreCluster.start(system, nodes, `bench-scale-${nodes}-${process.pid}`)
    const startMs = performance.now() - t0
    const { cluster, probe, writer } = sc
    const stats = Stats()
    const rss = await Promise.all(cluster.nodes().map((n) => cluster.call(n, stats.rss, [], CALL)))
    const rssMean = rss.reduce((a, b) => a + b, 0) / rss.length / MB
    const rssMax = Math.max(...rss) / MB
    ctx.progress(
      `${SCENARIO}: ${nodes} nodes ready in ${Math.round(startMs)} ms, RSS ${rssMean.toFixed(1)} MB/node`,
    )
    await cluster.call(writer, probe.writePaced, ['warm:', WARMUP_WRITES, 100, PACE_MS], CALL)
    await sc.whenSeen('warm:', WARMUP_WRITES, 60_000)
    const written = await cluster.call(writer, probe.writePaced, ['paced:', writes, 100, PACE_MS], CALL)
    await sc.whenSeen('paced:', writes, 60_000)
    const perObserver = await sc.takeArrivals('paced:', writes)
    const samples: number[] = []
    for (const [i, t0w] of written.entries()) {
      const ms = untilEverywhere(
        t0w,
        perObserver.map((a) => a[i] ?? null),
      )
      if (ms !== null) samples.push(ms)
    }
    const falseDowns = cluster.nodes().filter((n) => /no heartbeat|down \(/.test(cluster.logs(n))).length
    const extra = {
      rssMbPerNode: Number(rssMean.toFixed(1)),
      rssMbMax: Number(rssMax.toFixed(1)),
      nodesWithFalseDowns: falseDowns,
    }
    return [
      okResult(startCell, { samplesMs: [startMs], extra }),
      okResult(syncCell, { samplesMs: samples, extra: { startMs: Math.round(startMs), ...extra } }),
    ]
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    return [failedResult(startCell, reason), failedResult(syncCell, reason)]
  } finally {
    await sc?.stop()
  }
}

export const scaleScenario: Scenario = {
  name: SCENARIO,
  summary:
    'cluster start time, memory per node and sync latency at 8, 16, 32, 64 nodes (--quick: 8, 16), against the smallest size',
  async run(ctx): Promise<ScenarioOutput> {
    const sizes = ctx.quick ? [8, 16] : [8, 16, 32, 64]
    const writes = ctx.quick ? 30 : 100
    const results: BenchResult[] = []
    for (const nodes of sizes) {
      const cells = await oneSize(ctx, nodes, writes)
      for (const cell of cells) ctx.cellDone(cell)
      results.push(...cells)
    }
    const comparisons: Comparison[] = []
    const smallest = sizes[0]!
    for (const variant of ['start', 'sync']) {
      const base = results.find((r) => r.variant === variant && r.parameters.nodes === smallest)
      if (base === undefined || base.status !== 'ok') continue
      for (const r of results) {
        if (r.variant !== variant || r === base || r.status !== 'ok') continue
        comparisons.push(...compare(`${variant} ${r.parameters.nodes} nodes / ${smallest} nodes`, r, base))
      }
    }
    return { results, comparisons }
  },
}
