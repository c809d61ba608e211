/**
 * A rolling deploy of 25 game sessions: every session on a node that stops
 * comes back elsewhere with its latest state — whatever the sync intervals of the stash and of the
 * registry/supervisor (DS-17 fixed: the state travels with the hand-over itself). After a kill the
 * sessions come back too, with the last stash that reached the survivors (DS-16: no terminate runs).
 */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Probe = remote<typeof import('#test-nodes/game-probe')>('#test-nodes/game-probe')
const boot = ['handoff-harness/fixtures/game']
const SESSIONS = 25

const intervals = [
  { name: 'default intervals', config: {} },
  {
    name: 'a slow stash (5 s, no push) and a fast supervisor (50 ms)',
    config: { stateHandoff: { syncIntervalMs: 5000, push: false }, game: { syncIntervalMs: 50 } },
  },
  {
    name: 'a fast stash (50 ms) and a slow supervisor and registry (2 s)',
    config: { stateHandoff: { syncIntervalMs: 50 }, game: { syncIntervalMs: 2000 } },
  },
]

describe('25 sessions on a node that is stopped gracefully', () => {
  test.for(intervals)(
    'all come back elsewhere with their latest state, with $name',
    async ({ config }, { cluster }) => {
      const node1 = await cluster.startNode({ boot, config })
      const ids = await cluster.call(node1, Probe.gameIds, ['deploy', SESSIONS])
      expect(await cluster.call(node1, Probe.startGames, [ids])).toEqual(Array(SESSIONS).fill(node1.name))
      const [node2, node3] = await cluster.startNodes(2, { boot, config })
      await cluster.call(node1, Probe.setRounds, [ids, 7])

      await cluster.stopNode(node1)

      const after = await cluster.call(node2!, Probe.awaitRounds, [ids, 7, 10_000])
      expect(after.matching).toBe(SESSIONS)
      for (const n of after.nodes) expect([node2!.name, node3!.name]).toContain(n)
      // Exactly one session per game, cluster-wide.
      await waitUntil(async () =>
        expect(await cluster.call(node3!, Probe.countSessions, [])).toEqual({
          active: SESSIONS,
          specs: SESSIONS,
        }),
      )
    },
  )
})

describe('25 sessions on a node that is killed', () => {
  test('all come back on the survivors, with the last stash that reached them', async ({ cluster }) => {
    const node1 = await cluster.startNode({ boot })
    const ids = await cluster.call(node1, Probe.gameIds, ['crash', SESSIONS])
    await cluster.call(node1, Probe.startGames, [ids])
    const [node2, node3] = await cluster.startNodes(2, { boot })
    await cluster.call(node1, Probe.setRounds, [ids, 4])
    // Every update is stashed as a checkpoint; wait until the survivors hold the latest one (and know
    // every session, so they can restart them).
    await waitUntil(async () => {
      expect(await cluster.call(node2!, Probe.countSessions, [])).toEqual({
        active: SESSIONS,
        specs: SESSIONS,
      })
      expect(await cluster.call(node2!, Probe.stashedRounds, [ids])).toEqual(Array(SESSIONS).fill(4))
      expect(await cluster.call(node3!, Probe.stashedRounds, [ids])).toEqual(Array(SESSIONS).fill(4))
    })

    await cluster.killNode(node1)

    const after = await cluster.call(node3!, Probe.awaitRounds, [ids, 4, 10_000])
    expect(after.matching).toBe(SESSIONS)
    expect(after.nodes).not.toContain(node1.name)
    await waitUntil(async () =>
      expect(await cluster.call(node2!, Probe.countSessions, [])).toEqual({
        active: SESSIONS,
        specs: SESSIONS,
      }),
    )
  })
})
