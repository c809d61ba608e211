/**
 * Measurement (run with HANDOFF_MEASURE=1): after `stopNode` returns for a node that ran 25 sessions,
 * how long until every session answers `getGame` on a survivor, with its latest state. Five runs, fresh
 * cluster each; prints the median. Not part of the every-commit suite.
 */
import { remote } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Probe = remote<typeof import('#test-nodes/game-probe')>('#test-nodes/game-probe')
const boot = ['handoff-harness/fixtures/game']
const RUNS = 5
const SESSIONS = 25
const results: Array<{ stopMs: number; afterStopMs: number }> = []

describe.runIf(process.env.HANDOFF_MEASURE === '1')('hand-over timing of 25 sessions', () => {
  test.for(Array.from({ length: RUNS }, (_, i) => i + 1))('run %i', async (run, { cluster }) => {
    const node1 = await cluster.startNode({ boot })
    const ids = await cluster.call(node1, Probe.gameIds, [`m${run}`, SESSIONS])
    await cluster.call(node1, Probe.startGames, [ids])
    const [node2] = await cluster.startNodes(2, { boot })
    await cluster.call(node1, Probe.setRounds, [ids, 9])
    await cluster.call(node2!, Probe.nodeName, []) // loads the probe module there before the clock starts
    const t0 = performance.now()
    await cluster.stopNode(node1)
    const t1 = performance.now()
    const after = await cluster.call(node2!, Probe.awaitRounds, [ids, 9, 10_000])
    const t2 = performance.now()
    expect(after.matching).toBe(SESSIONS)
    results.push({ stopMs: t1 - t0, afterStopMs: t2 - t1 })
    if (results.length === RUNS) {
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
      const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(', ')
      console.log(
        `25-session hand-over: stopNode took ${fmt(results.map((r) => r.stopMs))} ms (median ${median(results.map((r) => r.stopMs)).toFixed(1)}); ` +
          `from stopNode returning until all 25 answered on a survivor: ${fmt(results.map((r) => r.afterStopMs))} ms ` +
          `(median ${median(results.map((r) => r.afterStopMs)).toFixed(1)})`,
      )
    }
  })
})
