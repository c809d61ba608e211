/** Seeds 002 and 000 ported: StateHandoff on real nodes. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const StateHandoff = remote<typeof import('handoff-harness/fixtures/state-handoff')>(
  'handoff-harness/fixtures/state-handoff',
)
const boot = ['handoff-harness/fixtures/state-handoff']
const KEY = 'the_key'
const VALUE = { id: 'ABYZ', round: 1, players: ['p1', 'p2'], world: new Map([['tile', 3]]) }

describe('when state is stashed by one node', () => {
  test('it can be picked up from the same node at once, and from another node shortly', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.call(n1!, StateHandoff.stash, [KEY, VALUE])
    expect(await cluster.call(n1!, StateHandoff.pickup, [KEY])).toEqual(VALUE)
    await waitUntil(async () => expect(await cluster.call(n2!, StateHandoff.pickup, [KEY])).toEqual(VALUE))
  })

  test('a node that joins later gets the existing state', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.call(n1!, StateHandoff.stash, [KEY, VALUE])
    await cluster.call(n2!, StateHandoff.stash, ['other', 2])
    const late = await cluster.startNode({ boot })
    await waitUntil(async () =>
      expect(await cluster.call(late, StateHandoff.toMap, [])).toEqual(
        new Map<string, unknown>([
          [KEY, VALUE],
          ['other', 2],
        ]),
      ),
    )
  })

  test('a remove propagates', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.call(n1!, StateHandoff.stash, [KEY, VALUE])
    await waitUntil(async () => expect(await cluster.call(n2!, StateHandoff.pickup, [KEY])).toEqual(VALUE))
    await cluster.call(n2!, StateHandoff.remove, [KEY])
    await waitUntil(async () => {
      expect(await cluster.call(n1!, StateHandoff.pickup, [KEY])).toBeUndefined()
      expect(await cluster.call(n2!, StateHandoff.pickup, [KEY])).toBeUndefined()
    })
  })

  test('concurrent stashes of one key on two nodes converge to one value everywhere', async ({ cluster }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    // Unpartitioned and racing, then truly concurrent (neither side can see the other's write).
    await Promise.all([
      cluster.call(n1!, StateHandoff.stash, ['race', 'from-n1']),
      cluster.call(n2!, StateHandoff.stash, ['race', 'from-n2']),
    ])
    await cluster.partition([n1!], [n2!, n3!])
    await cluster.call(n1!, StateHandoff.stash, [KEY, 'from-n1'])
    await cluster.call(n2!, StateHandoff.stash, [KEY, 'from-n2'])
    await cluster.heal()
    await waitUntil(async () => {
      const maps = await Promise.all([n1!, n2!, n3!].map((n) => cluster.call(n, StateHandoff.toMap, [])))
      expect(maps[0]!.size).toBe(2)
      expect(['from-n1', 'from-n2']).toContain(maps[0]!.get(KEY))
      expect(['from-n1', 'from-n2']).toContain(maps[0]!.get('race'))
      expect(maps[1]).toEqual(maps[0])
      expect(maps[2]).toEqual(maps[0])
    })
  })
})
