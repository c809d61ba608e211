/**
 * `rolling-deploy`: issue 12's scenario at a size this machine holds. 3 game nodes with front doors, 20
 * sessions, 40 players acting every 200 ms through WebSockets; the whole fleet is replaced one node at a
 * time (new names, surge 1, readiness through `GET /health`), then the players act once more each and
 * stop. A sample is one player's longest wait for an acknowledgement ("the longest time it could not
 * act"); `extra` says what the players lost: acknowledged actions missing from the final state, actions
 * applied twice, sessions missing, and the deploy's duration.
 *
 * Two variants, side by side: `hand-over` (the default: the supervisor carries each session's state to
 * its new node, and the stash is pushed on every write) and `horde-like` (interval-based: the state
 * travels only through the StateHandoff stash synced every 300 ms without pushes, registry and
 * supervisor synced every 300 ms, hand-over state ignored — Horde's model).
 */
import { Cluster, remote, waitUntil } from 'handoff-harness'
import { assertFrontDoorReady, checkPlayers, readAppliedActions, startPlayers } from 'handoff-harness/suites'
import { middleSample } from '../report/quantiles.js'
import { skippedResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { fixtureAvailable } from '../run/module-path.js'
import { compare, eachCell, measureRuns, type Scenario, type ScenarioOutput } from './scenario.js'

const SCENARIO = 'rolling-deploy'
const NODES = 3
const SESSIONS = 20
const PLAYERS = 40
const INTERVAL_MS = 200
const BOOT = ['handoff-harness/fixtures/game']
const Game = remote<typeof import('handoff-harness/fixtures/game')>('handoff-harness/fixtures/game')

const VARIANTS = [
  { variant: 'hand-over', config: {} },
  {
    variant: 'horde-like',
    config: {
      stateHandoff: { syncIntervalMs: 300, push: false },
      game: { syncIntervalMs: 300, carryHandoff: false },
    },
  },
] as const

interface Run {
  longestPerPlayerMs: number[]
  acknowledged: number
  lost: number
  appliedTwice: number
  missingSessions: number
  deployMs: number
}

async function oneRun(variant: string, config: Record<string, unknown>, run: number): Promise<Run> {
  const cluster = await Cluster.start({
    name: `bench-rolling-${variant}-${run}-${process.pid}`,
    timeFactor: 3,
  })
  const http = (n: { ports: Readonly<Record<string, number>> }): string => `http://127.0.0.1:${n.ports.http}`
  try {
    await cluster.startNodes(NODES, { boot: BOOT, ports: ['http'], config })
    const ids = Array.from({ length: SESSIONS }, (_, i) => `bench-${run}-${i}`)
    // Start the sessions through the supervisor on one node (any node works: starts are proxied).
    for (const id of ids) await cluster.call(cluster.nodes()[0]!, Game.continueGame, [{ id, round: 1 }])
    const players = await startPlayers({
      games: ids,
      players: PLAYERS,
      intervalMs: INTERVAL_MS,
      endpoints: () => cluster.nodes().map((n) => `ws://127.0.0.1:${n.ports.http}`),
    })
    let history: Awaited<ReturnType<typeof players.stop>>
    let deployMs = 0
    try {
      await waitUntil(() => players.acknowledged() >= PLAYERS, { timeoutMs: 30_000 })
      const timeline = await cluster.rollingRestart({
        rename: (name) => `${name}-v2`,
        ready: (n) =>
          waitUntil(() => assertFrontDoorReady(n.name, http(n), cluster.nodes().map(http), SESSIONS), {
            timeoutMs: 30_000,
          }),
      })
      deployMs = timeline.durationMs
      const acked = players.acknowledged()
      await waitUntil(() => players.acknowledged() >= acked + PLAYERS, { timeoutMs: 30_000 })
    } finally {
      history = await players.stop()
    }
    const verdict = checkPlayers(history, await readAppliedActions(http(cluster.nodes()[0]!), ids))
    const perPlayer = new Map<string, number>()
    for (const a of history.actions) {
      const blocked = (a.ackedAt ?? history.stoppedAt) - a.firstSentAt
      perPlayer.set(a.player, Math.max(perPlayer.get(a.player) ?? 0, blocked))
    }
    return {
      longestPerPlayerMs: [...perPlayer.values()],
      acknowledged: verdict.acknowledged,
      lost: verdict.lost,
      appliedTwice: verdict.appliedTwice,
      missingSessions: verdict.missingSessions,
      deployMs,
    }
  } finally {
    await cluster.stop()
  }
}

function measure(
  ctx: Parameters<Scenario['run']>[0],
  v: (typeof VARIANTS)[number],
  runs: number,
): Promise<BenchResult> {
  const cell = {
    scenario: SCENARIO,
    variant: v.variant,
    parameters: { nodes: NODES, sessions: SESSIONS, players: PLAYERS, intervalMs: INTERVAL_MS },
    measures: "each player's longest wait for an acknowledgement during a rolling deploy of every node",
  }
  if (!fixtureAvailable('game'))
    return Promise.resolve(skippedResult(cell, 'skipped: fixtures/game not built'))
  return measureRuns(
    ctx,
    cell,
    runs,
    (run) => oneRun(v.variant, v.config, run),
    (r) =>
      `lost ${r.lost}, applied twice ${r.appliedTwice}, max wait ${Math.max(...r.longestPerPlayerMs).toFixed(0)} ms`,
    (done) => ({
      samplesMs: done.flatMap((r) => r.longestPerPlayerMs),
      extra: {
        acknowledged: done.reduce((n, r) => n + r.acknowledged, 0),
        lostAcknowledged: done.reduce((n, r) => n + r.lost, 0),
        appliedTwice: done.reduce((n, r) => n + r.appliedTwice, 0),
        missingSessions: done.reduce((n, r) => n + r.missingSessions, 0),
        deployMsMedian: middleSample(done.map((r) => r.deployMs)),
      },
    }),
  )
}

export const rollingDeployScenario: Scenario = {
  name: SCENARIO,
  summary: `rolling deploy of ${NODES} game nodes under ${PLAYERS} players: lost actions and how long players wait`,
  async run(ctx): Promise<ScenarioOutput> {
    const runs = ctx.quick ? 1 : 2
    const results = await eachCell(ctx, VARIANTS, (v) => measure(ctx, v, runs))
    const [handOver, hordeLike] = results
    return {
      results,
      comparisons: compare('horde-like vs hand-over (longest wait per player)', hordeLike!, handOver!),
    }
  },
}
