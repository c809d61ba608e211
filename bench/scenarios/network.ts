/**
 * `network`: what the netns network costs beside loopback, in the same run. Node start: one cold start
 * of a new node (on netns that includes its namespace, veth pair and qdiscs) and `Cluster.start({nodes:
 * 3})`; sync latency: paced writes of the reference store (`push`) and the mesh floor on 3 nodes, read
 * against the same cells on loopback. Skipped where namespaces cannot be made (not root, no iproute2).
 */
import { Cluster, type NetworkKind, netnsUnavailableReason } from 'handoff-harness'
import { okResult, type ResultCell, skippedResult } from '../report/result.js'
import type { BenchResult, Comparison } from '../report/schema.js'
import { measurePaced } from './paced-writes.js'
import { compare, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'
import { meshFloorSystem, storeSystem } from './sync-systems.js'

const SCENARIO = 'network'
const NETWORKS: readonly NetworkKind[] = ['loopback', 'netns']
const SYNC_NODES = 3

async function singleStarts(network: NetworkKind, runs: number): Promise<number[]> {
  const cluster = await Cluster.start({ name: `bench-net-${network}-${process.pid}`, network, warmPool: 0 })
  const samples: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      const node = await cluster.startNode({ name: `start-${i}` })
      samples.push(performance.now() - t0)
      await cluster.killNode(node)
    }
  } finally {
    await cluster.stop()
  }
  return samples
}

async function clusterStarts(network: NetworkKind, runs: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const cluster = await Cluster.start({
      name: `bench-net-${network}-${process.pid}-${i}`,
      network,
      nodes: SYNC_NODES,
      warmPool: 0,
    })
    samples.push(performance.now() - t0)
    await cluster.stop()
  }
  return samples
}

/** One cell per network; netns cells are skipped (with the reason) where it cannot run. */
async function perNetwork(
  ctx: ScenarioContext,
  base: Omit<ResultCell, 'variant'>,
  variant: string,
  measure: (network: NetworkKind) => Promise<BenchResult | number[]>,
): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  for (const network of NETWORKS) {
    const cell = { ...base, variant: `${variant}@${network}` }
    const unavailable = network === 'netns' ? netnsUnavailableReason() : undefined
    const measured = unavailable !== undefined ? skippedResult(cell, unavailable) : await measure(network)
    const result = Array.isArray(measured) ? okResult(cell, { samplesMs: measured }) : measured
    ctx.cellDone(result)
    out.push(result)
  }
  return out
}

function netnsOverLoopback(label: string, [loopback, netns]: BenchResult[]): Comparison[] {
  return loopback !== undefined && netns !== undefined
    ? compare(`${label}: netns / loopback`, netns, loopback)
    : []
}

export const networkScenario: Scenario = {
  name: SCENARIO,
  summary: 'node start and sync latency with every node in its own network namespace, beside loopback',
  async run(ctx): Promise<ScenarioOutput> {
    const runs = ctx.quick ? 5 : 20
    const writes = ctx.quick ? 50 : 200
    const valueBytes = 100
    const single = await perNetwork(
      ctx,
      { scenario: SCENARIO, parameters: { nodes: 1 }, measures: 'startNode() of a new node until ready' },
      'start',
      (network) => singleStarts(network, runs),
    )
    const parallel = await perNetwork(
      ctx,
      {
        scenario: SCENARIO,
        parameters: { nodes: SYNC_NODES },
        measures: 'Cluster.start({nodes}) until all ready',
      },
      'cluster-start',
      (network) => clusterStarts(network, ctx.quick ? 3 : 8),
    )
    const sync = []
    for (const system of [storeSystem('push', { push: true }), meshFloorSystem()]) {
      const base = {
        scenario: SCENARIO,
        parameters: { nodes: SYNC_NODES, valueBytes },
        measures: 'a write on one node until visible on every other node',
      }
      const cells = await perNetwork(ctx, base, `sync-${system.variant}`, (network) =>
        measurePaced(
          { ...base, variant: `sync-${system.variant}@${network}` },
          system,
          SYNC_NODES,
          valueBytes,
          writes,
          network,
        ),
      )
      sync.push({ system: system.variant, cells })
    }
    const comparisons = [
      ...netnsOverLoopback('node start', single),
      ...netnsOverLoopback(`cluster start (${SYNC_NODES} nodes)`, parallel),
      ...sync.flatMap(({ system, cells }) => netnsOverLoopback(`sync latency ${system}`, cells)),
    ]
    return { results: [...single, ...parallel, ...sync.flatMap((s) => s.cells)], comparisons }
  },
}
