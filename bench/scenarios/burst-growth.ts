/**
 * How burst time grows with the number of keys (part of `burst`, full run only): 1,000, 10,000 and
 * 100,000 keys written on one node in one loop until every node of 3 has them, for the store (`push`)
 * and the two floors under it (`mesh-floor`, `raw-tcp`: the same keys as plain messages), one fresh
 * cluster per cell, the code warmed by an unmeasured burst first. The store's 10,000-key cell is the
 * 5-run one of `burst`. The growth plot reads `fromFirstWriteMsMedian` (first write until every node has
 * every key): the floors send one message per key, so their write loop is long and the readers keep up
 * during it — their time after the last write alone says little. At 100,000 keys the store's cell also reports the memory a key costs on a
 * reader: heap in use (and RSS) after a full GC, after the burst minus before it, per key.
 */
import { type RemoteModule, remote } from 'handoff-harness'
import { failedResult, okResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { benchNodeModule } from '../run/module-path.js'
import { burstOnce } from './burst.js'
import type { ScenarioContext } from './scenario.js'
import { StoreCluster } from './store-cluster.js'
import { meshFloorSystem, rawTcpSystem, type SyncSystem, storeSystem } from './sync-systems.js'

const NODES = 3
const VALUE_BYTES = 100
const WARM_KEYS = 1000

type NodeStats = typeof import('../nodes/node-stats.js')
const Stats = (): RemoteModule<NodeStats> => remote<NodeStats>(benchNodeModule('node-stats'))

async function oneCell(ctx: ScenarioContext, system: SyncSystem, keys: number): Promise<BenchResult> {
  const cell = {
    scenario: 'burst',
    variant: system.variant,
    parameters: { nodes: NODES, keys, valueBytes: VALUE_BYTES },
    measures: 'end of the last write until every node has every key (one run)',
  }
  let sc: StoreCluster | undefined
  try {
    sc = await StoreCluster.start(system, NODES, `bench-burst-${system.variant}-${keys}-${process.pid}`)
    await burstOnce(sc, 'warm:', WARM_KEYS)
    const perKey = keys >= 100_000 && system.variant === 'push'
    const reader = sc.readers[0]!
    const stats = Stats()
    const before = perKey ? await sc.cluster.call(reader, stats.memoryAfterGc, []) : undefined
    const run = await burstOnce(sc, 'burst:', keys)
    // Named as the 5-run cells name their medians (one run: its median is itself).
    const extra: Record<string, number> = {
      writeMsMedian: run.writeMs,
      fromFirstWriteMsMedian: run.afterFirstMs,
    }
    if (before !== undefined) {
      const after = await sc.cluster.call(reader, stats.memoryAfterGc, [])
      extra.heapBytesPerKey = Math.round((after.heapUsed - before.heapUsed) / keys)
      extra.rssBytesPerKey = Math.round((after.rss - before.rss) / keys)
    }
    ctx.progress(`burst: ${system.variant} ${keys} keys: ${run.afterLastMs.toFixed(1)} ms`)
    return okResult(cell, {
      samplesMs: [run.afterLastMs],
      msgsPerOp: run.msgsPerOp,
      bytesPerOp: run.bytesPerOp,
      extra,
    })
  } catch (err) {
    return failedResult(cell, err instanceof Error ? err.message.split('\n')[0]! : String(err))
  } finally {
    await sc?.stop()
  }
}

export async function burstGrowth(ctx: ScenarioContext): Promise<BenchResult[]> {
  const cells: Array<[SyncSystem, number]> = [
    [storeSystem('push', { push: true }), 1000],
    [storeSystem('push', { push: true }), 100_000],
    ...[1000, 10_000, 100_000].flatMap(
      (k): Array<[SyncSystem, number]> => [
        [meshFloorSystem(), k],
        [rawTcpSystem(), k],
      ],
    ),
  ]
  const results: BenchResult[] = []
  for (const [system, keys] of cells) {
    const r = await oneCell(ctx, system, keys)
    ctx.cellDone(r)
    results.push(r)
  }
  return results
}
