/**
 * `scale`: how the cost of a cluster grows with its size, at 3, 8, 16, 32 and 64 nodes (`--quick`: 3, 8).
 * Per size, one fresh cluster of bare nodes running the two floors (`mesh-floor` and `raw-tcp` probes of
 * sync-latency): the time `Cluster.start({ nodes })` takes until every node is ready (fully meshed), the
 * resident memory per node (RSS, read inside each node once started), and the sync latency of paced
 * writes on one node until every other node has them, over the harness mesh and over plain sockets
 * (same pacing and clock as `sync-latency`). Then one fresh cluster running the store (`push`) for the
 * same writes: its idle anti-entropy must not load the floors' cluster. The ratios print each size
 * against the smallest one and each latency against raw TCP at that size; a run also counts false downs
 * (links declared down while nothing was stopped), which must be 0.
 */
import { type Cluster, type NodeHandle, type RemoteModule, remote } from 'handoff-harness'
import { failedResult, okResult, type ResultCell } from '../report/result.js'
import type { BenchResult, Comparison } from '../report/schema.js'
import { benchNodeModule } from '../run/module-path.js'
import { compare, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'
import { StoreCluster, untilEverywhere } from './store-cluster.js'
import { meshFloorSystem, type Probe, rawTcpSystem, type SyncSystem, storeSystem } from './sync-systems.js'

const SCENARIO = 'scale'
const PACE_MS = 10
const WARMUP_WRITES = 20
const CALL = { timeoutMs: 120_000 }
const SYNC_MEASURES = 'a paced 100 B write on one node until every other node has it'

type NodeStats = typeof import('../nodes/node-stats.js')
const Stats = (): RemoteModule<NodeStats> => remote<NodeStats>(benchNodeModule('node-stats'))

const MB = 1024 * 1024

/** Both floors booted side by side in one node (their services, ports and key prefixes differ). */
function floorsSystem(): SyncSystem {
  const mesh = meshFloorSystem()
  return {
    ...mesh,
    variant: 'floors',
    prepare: async () => ({
      boot: [benchNodeModule('mesh-probe'), benchNodeModule('raw-tcp-probe')],
      config: {},
      release: async () => {},
    }),
  }
}

/** Paced writes through `probe` on the first node, timed until every other node has each. */
async function pacedSync(
  cluster: Cluster,
  probe: Probe,
  readers: NodeHandle[],
  tag: string,
  writes: number,
): Promise<number[]> {
  const writer = cluster.nodes()[0]!
  const seen = async (prefix: string, n: number): Promise<void> => {
    const deadline = performance.now() + 60_000
    for (;;) {
      const counts = await Promise.all(readers.map((r) => cluster.call(r, probe.arrivalCount, [prefix])))
      if (counts.every((c) => c >= n)) return
      if (performance.now() > deadline) throw new Error(`${tag}: readers did not see ${n} keys in 60 s`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  await cluster.call(writer, probe.writePaced, [`${tag}-warm:`, WARMUP_WRITES, 100, PACE_MS], CALL)
  await seen(`${tag}-warm:`, WARMUP_WRITES)
  const written = await cluster.call(writer, probe.writePaced, [`${tag}-paced:`, writes, 100, PACE_MS], CALL)
  await seen(`${tag}-paced:`, writes)
  const perReader = await Promise.all(
    readers.map((r) => cluster.call(r, probe.takeArrivals, [`${tag}-paced:`, writes])),
  )
  const samples: number[] = []
  for (const [i, t0] of written.entries()) {
    const ms = untilEverywhere(
      t0,
      perReader.map((a) => a[i] ?? null),
    )
    if (ms !== null) samples.push(ms)
  }
  return samples
}

const cellOf = (variant: string, nodes: number, measures: string): ResultCell => ({
  scenario: SCENARIO,
  variant,
  parameters: { nodes },
  measures,
})

async function floors(ctx: ScenarioContext, nodes: number, writes: number): Promise<BenchResult[]> {
  const startCell = cellOf(
    'start',
    nodes,
    'Cluster.start({ nodes }) until every node is ready (fully meshed)',
  )
  const meshCell = cellOf('mesh-floor', nodes, `${SYNC_MEASURES} (bare harness mesh)`)
  const rawCell = cellOf('raw-tcp', nodes, `${SYNC_MEASURES} (plain sockets)`)
  let sc: StoreCluster | undefined
  try {
    const t0 = performance.now()
    sc = await StoreCluster.start(floorsSystem(), nodes, `bench-scale-${nodes}-${process.pid}`)
    const startMs = performance.now() - t0
    const { cluster, readers } = sc
    const stats = Stats()
    const rss = await Promise.all(cluster.nodes().map((n) => cluster.call(n, stats.rss, [], CALL)))
    const rssMean = rss.reduce((a, b) => a + b, 0) / rss.length / MB
    const rssMax = Math.max(...rss) / MB
    ctx.progress(
      `${SCENARIO}: ${nodes} nodes ready in ${Math.round(startMs)} ms, RSS ${rssMean.toFixed(1)} MB/node`,
    )
    const mesh = await pacedSync(cluster, meshFloorSystem().probe(), readers, 'mesh', writes)
    const raw = await pacedSync(cluster, rawTcpSystem().probe(), readers, 'raw', writes)
    const falseDowns = cluster.nodes().filter((n) => /no heartbeat|down \(/.test(cluster.logs(n))).length
    const extra = {
      rssMbPerNode: Number(rssMean.toFixed(1)),
      rssMbMax: Number(rssMax.toFixed(1)),
      nodesWithFalseDowns: falseDowns,
    }
    return [
      okResult(startCell, { samplesMs: [startMs], extra }),
      okResult(meshCell, { samplesMs: mesh, extra: { startMs: Math.round(startMs), ...extra } }),
      okResult(rawCell, { samplesMs: raw }),
    ]
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    return [startCell, meshCell, rawCell].map((c) => failedResult(c, reason))
  } finally {
    await sc?.stop()
  }
}

async function store(nodes: number, writes: number): Promise<BenchResult> {
  const cell = cellOf('push', nodes, `${SYNC_MEASURES} (store, push)`)
  const system = storeSystem('push', { push: true })
  const unavailable = system.unavailable()
  if (unavailable !== undefined) return failedResult(cell, unavailable)
  let sc: StoreCluster | undefined
  try {
    sc = await StoreCluster.start(system, nodes, `bench-scale-push-${nodes}-${process.pid}`)
    const samples = await pacedSync(sc.cluster, sc.probe, sc.readers, 'push', writes)
    return okResult(cell, { samplesMs: samples })
  } catch (err) {
    return failedResult(cell, err instanceof Error ? err.message.split('\n')[0]! : String(err))
  } finally {
    await sc?.stop()
  }
}

function ratios(results: readonly BenchResult[], smallest: number): Comparison[] {
  const ok = results.filter((r) => r.status === 'ok')
  const at = (variant: string, nodes: unknown) =>
    ok.find((r) => r.variant === variant && r.parameters.nodes === nodes)
  const out: Comparison[] = []
  for (const variant of ['start', 'mesh-floor', 'push']) {
    const base = at(variant, smallest)
    if (base === undefined) continue
    for (const r of ok)
      if (r.variant === variant && r !== base)
        out.push(...compare(`${variant} ${r.parameters.nodes} nodes / ${smallest} nodes`, r, base))
  }
  for (const r of ok) {
    const raw = at('raw-tcp', r.parameters.nodes)
    if (raw !== undefined && (r.variant === 'mesh-floor' || r.variant === 'push'))
      out.push(...compare(`sync ${r.parameters.nodes} nodes: ${r.variant} / raw-tcp`, r, raw))
  }
  return out
}

export const scaleScenario: Scenario = {
  name: SCENARIO,
  summary:
    'cluster start time, memory per node and sync latency (store push, bare mesh, raw TCP) at 3, 8, 16, 32, 64 nodes (--quick: 3, 8)',
  async run(ctx): Promise<ScenarioOutput> {
    const sizes = ctx.quick ? [3, 8] : [3, 8, 16, 32, 64]
    const writes = ctx.quick ? 30 : 100
    const results: BenchResult[] = []
    for (const nodes of sizes) {
      // At 64 nodes the store's anti-entropy (every node checks 63 neighbours every 200 ms) saturates two
      // cores and a write takes seconds: 30 writes show that and keep the full run near 10 minutes.
      const storeWrites = nodes >= 64 ? Math.min(writes, 30) : writes
      const cells = [...(await floors(ctx, nodes, writes)), await store(nodes, storeWrites)]
      for (const cell of cells) ctx.cellDone(cell)
      results.push(...cells)
    }
    return { results, comparisons: ratios(results, sizes[0]!) }
  },
}
