/** The first cluster test users write: a node is stopped and the value is still served elsewhere. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Kv = remote<typeof import('#test-nodes/kv')>('#test-nodes/kv')

describe('when a node holding a value shuts down', () => {
  test('the value is still served from another node', async ({ cluster }) => {
    const [node1, node2] = await cluster.startNodes(2, { boot: ['#test-nodes/kv'] })
    await cluster.call(node1!, Kv.put, ['game-1', { id: 'game-1', round: 3 }])
    await waitUntil(async () =>
      expect(await cluster.call(node2!, Kv.get, ['game-1'])).toEqual({ id: 'game-1', round: 3 }),
    )
    await cluster.stopNode(node1!)
    expect(await cluster.call(node2!, Kv.get, ['game-1'])).toEqual({ id: 'game-1', round: 3 })
  })

  test('without replication the test would fail: a node started alone does not have it', async ({
    cluster,
  }) => {
    const [node1] = await cluster.startNodes(1, { boot: ['#test-nodes/kv'] })
    const loner = await cluster.startNode({ boot: ['#test-nodes/kv'], join: false })
    await cluster.call(node1!, Kv.put, ['game-1', { id: 'game-1' }])
    await cluster.stopNode(node1!)
    expect(await cluster.call(loner, Kv.get, ['game-1'])).toBeUndefined()
  })
})
