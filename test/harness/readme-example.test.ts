/** The README's example, verbatim, so the front door stays true: if this file changes, change the README. */
import { remote, waitUntil } from 'handoff-harness'
import { expect, test } from 'handoff-harness/vitest'

const StateHandoff = remote<typeof import('handoff-harness/fixtures/state-handoff')>(
  'handoff-harness/fixtures/state-handoff',
)

test('state stashed on one node is picked up on another after it stops', async ({ cluster }) => {
  const [n1, n2] = await cluster.startNodes(2, { boot: ['handoff-harness/fixtures/state-handoff'] })

  await cluster.call(n1, StateHandoff.stash, ['game-1', { id: 'game-1', round: 3 }])
  await waitUntil(async () =>
    expect(await cluster.call(n2, StateHandoff.pickup, ['game-1'])).toEqual({ id: 'game-1', round: 3 }),
  )

  await cluster.stopNode(n1) // graceful: hooks run, peers see 'shutdown'
  expect(await cluster.call(n2, StateHandoff.pickup, ['game-1'])).toEqual({ id: 'game-1', round: 3 })

  await cluster.partition([n2], [await cluster.startNode()])
  await cluster.heal()
  // after the test the cluster is stopped; if it failed, every node's log tail is printed under it
})
