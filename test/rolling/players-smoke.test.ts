/**
 * Players through the front door: a player connects to any node, joins a game, acts, and is
 * acknowledged; a small rolling deploy in place loses nothing acknowledged.
 */
import { type Cluster, remote, waitUntil } from 'handoff-harness'
import { checkPlayers, formatPlayerVerdict, readAppliedActions, startPlayers } from 'handoff-harness/suites'
import { expect, test } from 'handoff-harness/vitest'

const Probe = remote<typeof import('#test-nodes/game-probe')>('#test-nodes/game-probe')
const Known = remote<typeof import('#test-nodes/player-probe')>('#test-nodes/player-probe')
const boot = ['handoff-harness/fixtures/game']

const endpoints = (cluster: Cluster) => () => cluster.nodes().map((n) => `ws://127.0.0.1:${n.ports.http}`)

test('players keep acting through a rolling deploy in place: nothing acknowledged is lost', async ({
  cluster,
}) => {
  const [n1] = await cluster.startNodes(3, { boot, ports: ['http'] })
  const ids = await cluster.call(n1!, Probe.gameIds, ['smoke', 10])
  await cluster.call(n1!, Probe.startGames, [ids])
  const players = await startPlayers({ games: ids, players: 20, endpoints: endpoints(cluster) })
  await waitUntil(() => players.acknowledged() >= 40, { timeoutMs: 20_000 })

  const timeline = await cluster.rollingRestart({
    node: { env: { VERSION: '2' } },
    ready: (n) =>
      waitUntil(
        async () =>
          expect(await cluster.call(n, Known.knownSessions, [])).toEqual({ registered: 10, specs: 10 }),
        {
          timeoutMs: 20_000,
        },
      ),
  })
  const acked = players.acknowledged()
  await waitUntil(() => players.acknowledged() >= acked + 40, { timeoutMs: 20_000 })
  const history = await players.stop()

  const base = `http://127.0.0.1:${cluster.nodes()[0]!.ports.http}`
  const verdict = checkPlayers(history, await readAppliedActions(base, ids))
  console.log(formatPlayerVerdict(verdict))
  expect(timeline.replacements).toHaveLength(3)
  expect(verdict.accounted).toBe(true)
  expect(verdict.lost).toBe(0)
  expect(verdict.appliedTwice).toBe(0)
  expect(verdict.missingSessions).toBe(0)
})
