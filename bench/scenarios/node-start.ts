/**
 * `node-start`: how long `cluster.startNode()` takes until the node is ready (booted, meshed, answering
 * calls). Cold: a fresh process each time, one node into an empty cluster, and `Cluster.start({nodes: n})`
 * for each `--nodes` size. Warm: a start served from the harness's warm pool, when it has one.
 */
import { Cluster } from 'handoff-harness'
import { okResult, skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import type { Scenario, ScenarioContext, ScenarioOutput } from './scenario.js'
import { hasWarmPool, warmPoolSettled } from './warm-pool.js'

const SCENARIO = 'node-start'
const MEASURES = 'startNode() until ready'

async function coldSingle(ctx: ScenarioContext, runs: number): Promise<number[]> {
  const samples: number[] = []
  const cluster = await Cluster.start({ name: `bench-start-${process.pid}`, warmPool: 0 })
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      const node = await cluster.startNode({ name: `cold-${i}` })
      samples.push(performance.now() - t0)
      await cluster.killNode(node)
    }
  } finally {
    await cluster.stop()
  }
  ctx.progress(`${SCENARIO}: cold ×${runs} done`)
  return samples
}

async function coldParallel(ctx: ScenarioContext, nodes: number, runs: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const cluster = await Cluster.start({
      name: `bench-start-${process.pid}-${nodes}-${i}`,
      nodes,
      warmPool: 0,
    })
    samples.push(performance.now() - t0)
    await cluster.stop()
  }
  ctx.progress(`${SCENARIO}: ${nodes} nodes in parallel ×${runs} done`)
  return samples
}

async function warm(ctx: ScenarioContext, runs: number): Promise<BenchResult> {
  const cell = { scenario: SCENARIO, variant: 'warm-pool', parameters: { nodes: 1 }, measures: MEASURES }
  if (!hasWarmPool()) return skippedResult(cell, 'the harness has no warm pool (Cluster.prewarm)')
  const size = 2
  const samples: number[] = []
  const cluster = await Cluster.start({ name: `bench-warm-${process.pid}`, warmPool: size })
  try {
    for (let i = 0; i < runs; i++) {
      if (!(await warmPoolSettled(size, 0)))
        ctx.progress(`${SCENARIO}: warm pool did not settle; measuring anyway`)
      const t0 = performance.now()
      const node = await cluster.startNode({ name: `warm-${i}` })
      samples.push(performance.now() - t0)
      await cluster.killNode(node)
    }
  } finally {
    await cluster.stop()
    await Cluster.drainWarmPool()
  }
  ctx.progress(`${SCENARIO}: warm ×${runs} done`)
  return okResult(cell, { samplesMs: samples })
}

export const nodeStartScenario: Scenario = {
  name: SCENARIO,
  summary: 'cold start of one node and of n in parallel; start from the warm pool when the harness has one',
  async run(ctx): Promise<ScenarioOutput> {
    const runs = ctx.quick ? 8 : 30
    const results: BenchResult[] = [
      okResult(
        { scenario: SCENARIO, variant: 'cold', parameters: { nodes: 1 }, measures: MEASURES },
        { samplesMs: await coldSingle(ctx, runs) },
      ),
      await warm(ctx, runs),
    ]
    for (const n of ctx.nodeCounts) {
      results.push(
        okResult(
          {
            scenario: SCENARIO,
            variant: 'cold-parallel',
            parameters: { nodes: n },
            measures: 'Cluster.start({nodes}) until all ready',
          },
          { samplesMs: await coldParallel(ctx, n, ctx.quick ? 3 : 10) },
        ),
      )
    }
    return { results, comparisons: [] }
  },
}
