/**
 * `node-start`: how long `cluster.startNode()` takes until the node is ready (booted, meshed, answering
 * calls). Cold: a fresh process each time, one node into an empty cluster, and `Cluster.start({nodes: n})`
 * for each `--nodes` size. Warm: a start served from the harness's warm pool, when it has one. Bare node:
 * the floor under a cold start on this machine, measured in the same run — a plain `node` child (no
 * harness, no flags) from spawn until its first IPC message; machines differ by 2× there, so `cold` is
 * read against it.
 */
import { Cluster } from 'handoff-harness'
import { okResult, skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { forkUntilFirstMessage, killChild } from '../run/forked-child.js'
import { compare, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'
import { hasWarmPool, warmPoolSettled } from './warm-pool.js'

const SCENARIO = 'node-start'
const MEASURES = 'startNode() until ready'

/** `runs` single-node starts into `cluster`, each killed again; `settle` runs before each, unmeasured. */
async function timedStarts(
  cluster: Cluster,
  runs: number,
  name: string,
  settle: () => Promise<void> = async () => {},
): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    await settle()
    const t0 = performance.now()
    const node = await cluster.startNode({ name: `${name}-${i}` })
    samples.push(performance.now() - t0)
    await cluster.killNode(node)
  }
  return samples
}

/** One cold start of a single node and one bare node per run, interleaved (which goes first alternates):
 * the ratio of the two is the figure, and on a shared machine the load drifts between two phases run
 * one after the other, while interleaved samples see the same load. */
async function coldAndBare(ctx: ScenarioContext, runs: number): Promise<{ cold: number[]; bare: number[] }> {
  const cluster = await Cluster.start({ name: `bench-start-${process.pid}`, warmPool: 0 })
  const cold: number[] = []
  const bare: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const coldFirst = i % 2 === 0
      if (coldFirst) cold.push(...(await timedStarts(cluster, 1, `cold-${i}`)))
      bare.push(await bareStart())
      if (!coldFirst) cold.push(...(await timedStarts(cluster, 1, `cold-${i}`)))
    }
  } finally {
    await cluster.stop()
  }
  ctx.progress(`${SCENARIO}: cold and bare node ×${runs} done`)
  return { cold, bare }
}

async function bareStart(): Promise<number> {
  const t0 = performance.now()
  const child = await forkUntilFirstMessage('bare-node')
  const ms = performance.now() - t0
  await killChild(child)
  return ms
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
  const cluster = await Cluster.start({ name: `bench-warm-${process.pid}`, warmPool: size })
  try {
    const samples = await timedStarts(cluster, runs, 'warm', async () => {
      if (!(await warmPoolSettled(size, 0)))
        ctx.progress(`${SCENARIO}: warm pool did not settle; measuring anyway`)
    })
    ctx.progress(`${SCENARIO}: warm ×${runs} done`)
    return okResult(cell, { samplesMs: samples })
  } finally {
    await cluster.stop()
    await Cluster.drainWarmPool()
  }
}

export const nodeStartScenario: Scenario = {
  name: SCENARIO,
  summary:
    'cold start of one node and of n in parallel, against a bare node process; start from the warm pool when the harness has one',
  async run(ctx): Promise<ScenarioOutput> {
    const runs = ctx.quick ? 8 : 30
    const samples = await coldAndBare(ctx, runs)
    const cold = okResult(
      { scenario: SCENARIO, variant: 'cold', parameters: { nodes: 1 }, measures: MEASURES },
      { samplesMs: samples.cold },
    )
    const bare = okResult(
      {
        scenario: SCENARIO,
        variant: 'bare-node',
        parameters: { nodes: 1 },
        measures: 'fork of a plain node child until its first IPC message (no harness)',
      },
      { samplesMs: samples.bare },
    )
    const results: BenchResult[] = [cold, bare, await warm(ctx, runs)]
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
    return { results, comparisons: compare('node start cold / bare node', cold, bare) }
  },
}
