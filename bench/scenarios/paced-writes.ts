/**
 * The measurement behind `sync-latency` and `registry`: paced writes on one node (10 ms ± 50 % apart, so
 * the other nodes are idle and must wake up, as in real use), each timed inside the nodes from just
 * before the write until the last observer saw it. A short unmeasured warm-up comes first.
 */
import type { NetworkKind } from 'handoff-harness'
import { failedResult, okResult, type ResultCell, skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { perOp, StoreCluster, untilEverywhere } from './store-cluster.js'
import type { SyncSystem } from './sync-systems.js'

const PACE_MS = 10
const WARMUP_WRITES = 20
const CALL = { timeoutMs: 120_000 }

export async function measurePaced(
  cell: ResultCell,
  system: SyncSystem,
  nodes: number,
  valueBytes: number,
  count: number,
  network: NetworkKind = 'loopback',
): Promise<BenchResult> {
  const unavailable = system.unavailable()
  if (unavailable !== undefined) return skippedResult(cell, unavailable)
  let sc: StoreCluster | undefined
  try {
    sc = await StoreCluster.start(
      system,
      nodes,
      `bench-${cell.scenario}-${system.variant}-${nodes}-${process.pid}`,
      network,
    )
    const { cluster, probe, writer } = sc
    await cluster.call(writer, probe.writePaced, ['warm:', WARMUP_WRITES, valueBytes, PACE_MS], CALL)
    await sc.whenSeen('warm:', WARMUP_WRITES, 30_000)
    const before = await sc.counters()
    const written = await cluster.call(writer, probe.writePaced, ['paced:', count, valueBytes, PACE_MS], CALL)
    await sc.whenSeen('paced:', count, 30_000)
    const after = await sc.counters()
    const perObserver = await sc.takeArrivals('paced:', count)
    const samples: number[] = []
    for (const [i, t0] of written.entries()) {
      const ms = untilEverywhere(
        t0,
        perObserver.map((a) => a[i] ?? null),
      )
      if (ms !== null) samples.push(ms)
    }
    return okResult(cell, { samplesMs: samples, ...perOp(before, after, count) })
  } catch (err) {
    return failedResult(cell, err instanceof Error ? err.message : String(err))
  } finally {
    await sc?.stop()
  }
}
