/**
 * `handoff`: a rolling-deploy step. 25 game sessions (fixtures/game) run on one node of 3 with updated
 * state; the node is stopped gracefully; a sample is the time from calling `stopNode` until all 25 answer
 * `getGame` on a survivor with that state (watched inside the survivor, ~1 ms polling). A fresh cluster
 * per run. `extra`: how long `stopNode` itself took, the median per-session time, and the time from
 * `stopNode` returning until all 25 answered (`afterStopReturnMsMedian`: what a caller that waits for the
 * stop before it looks still waits; negative when every session already answered before the return).
 */
import { Cluster, remote } from 'handoff-harness'
import { middleSample } from '../report/quantiles.js'
import { skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { benchNodeModule, fixtureAvailable } from '../run/module-path.js'
import { measureRuns, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'

const SCENARIO = 'handoff'
const SESSIONS = 25
const ROUND = 7
const BOOT = ['handoff-harness/fixtures/game']

interface Run {
  allMs: number
  stopMs: number
  /** From `stopNode` returning until the last session answered; negative when all answered before. */
  afterStopReturnMs: number
  perSessionMs: number[]
}

async function oneRun(run: number): Promise<Run> {
  const Probe = remote<typeof import('../nodes/game-probe.js')>(benchNodeModule('game-probe'))
  const cluster = await Cluster.start({ name: `bench-handoff-${run}-${process.pid}` })
  try {
    // Sessions start on the only node; the nodes that join later leave them there (passive redistribution).
    const first = await cluster.startNode({ boot: BOOT })
    const ids = Array.from({ length: SESSIONS }, (_, i) => `bench-${run}-${i}`)
    const placed = await cluster.call(first, Probe.startGames, [ids], { timeoutMs: 60_000 })
    if (placed.some((n) => n !== first.name)) throw new Error('sessions did not all start on the first node')
    const [survivor] = await cluster.startNodes(2, { boot: BOOT })
    await cluster.call(first, Probe.setRounds, [ids, ROUND])
    const watching = cluster.call(survivor!, Probe.watchRounds, [ids, ROUND, 30_000], { timeoutMs: 60_000 })
    const t0 = process.hrtime.bigint()
    const exit = await cluster.stopNode(first)
    const returned = process.hrtime.bigint()
    const answered = await watching
    if (answered.some((t) => t === null))
      throw new Error(
        `${answered.filter((t) => t === null).length} of ${SESSIONS} sessions never answered with their state`,
      )
    const perSessionMs = answered.map((t) => Number(t! - t0) / 1e6)
    const allMs = Math.max(...perSessionMs)
    const afterStopReturnMs = allMs - Number(returned - t0) / 1e6
    return { allMs, stopMs: exit.durationMs, afterStopReturnMs, perSessionMs }
  } finally {
    await cluster.stop()
  }
}

async function measure(ctx: ScenarioContext, runs: number): Promise<BenchResult> {
  const cell = {
    scenario: SCENARIO,
    variant: 'graceful-stop',
    parameters: { nodes: 3, sessions: SESSIONS },
    measures: 'stopNode of the node running 25 sessions until all answer on a survivor with their state',
  }
  if (!fixtureAvailable('game')) return skippedResult(cell, 'skipped: fixture not available (fixtures/game)')
  return measureRuns(
    ctx,
    cell,
    runs,
    oneRun,
    (r) => `${r.allMs.toFixed(1)} ms`,
    (done) => ({
      samplesMs: done.map((r) => r.allMs),
      extra: {
        stopNodeMsMedian: middleSample(done.map((r) => r.stopMs)),
        afterStopReturnMsMedian: middleSample(done.map((r) => r.afterStopReturnMs)),
        perSessionMsMedian: middleSample(done.flatMap((r) => r.perSessionMs)),
      },
    }),
  )
}

export const handoffScenario: Scenario = {
  name: SCENARIO,
  summary: 'graceful stop of a node running 25 game sessions until all answer elsewhere with their state',
  async run(ctx): Promise<ScenarioOutput> {
    const r = await measure(ctx, ctx.quick ? 1 : 5)
    ctx.cellDone(r)
    return { results: [r], comparisons: [] }
  },
}
