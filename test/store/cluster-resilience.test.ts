/** The store's fixes on real nodes: no loss under a small batch limit (RS-19), hand-off on graceful stop
 * (RS-22), catch-up after a kill and restart (RS-21), and many writers. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const StateHandoff = remote<typeof import('handoff-harness/fixtures/state-handoff')>(
  'handoff-harness/fixtures/state-handoff',
)
const boot = ['handoff-harness/fixtures/state-handoff']

function range(n: number, prefix: string): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`)
}

describe('StateHandoff under stress', () => {
  test('1,000 keys with maxSyncSize 10 all arrive (RS-19 fixed)', async ({ cluster }) => {
    const config = { stateHandoff: { maxSyncSize: 10 } }
    const [n1] = await cluster.startNodes(1, { boot, config })
    await Promise.all(range(1000, 'k').map((k, i) => cluster.call(n1!, StateHandoff.stash, [k, i])))
    // n2 joins with all 1,000 already written: everything travels by anti-entropy, 10 keys per batch.
    const n2 = await cluster.startNode({ boot, config })
    await waitUntil(async () => expect((await cluster.call(n2, StateHandoff.stats, [])).keys).toBe(1000), {
      timeoutMs: 15_000,
    })
    const map = await cluster.call(n2, StateHandoff.toMap, [])
    expect(map).toEqual(new Map(range(1000, 'k').map((k, i) => [k, i])))
    expect((await cluster.call(n1!, StateHandoff.stats, [])).keys).toBe(1000)
  })

  test('a 5-node cluster with writers on every node converges', async ({ cluster }) => {
    const nodes = await cluster.startNodes(5, { boot })
    await Promise.all(
      nodes.flatMap((n, i) =>
        range(40, '').map(async (k) => {
          await cluster.call(n, StateHandoff.stash, [`shared${Number(k) % 10}`, `${n.name}:${k}`])
          await cluster.call(n, StateHandoff.stash, [`own-${i}-${k}`, k])
          if (Number(k) % 4 === 0) await cluster.call(n, StateHandoff.remove, [`own-${(i + 1) % 5}-${k}`])
        }),
      ),
    )
    await waitUntil(
      async () => {
        const maps = await Promise.all(nodes.map((n) => cluster.call(n, StateHandoff.toMap, [])))
        for (const m of maps) expect(m).toEqual(maps[0])
        expect([...maps[0]!.keys()].filter((k) => k.startsWith('shared'))).toHaveLength(10)
      },
      { timeoutMs: 15_000 },
    )
  })

  test('stash then stop the writer at once: the value is on the survivors (RS-22 fixed)', async ({
    cluster,
  }) => {
    // No pushes and no periodic round within the test: only the hand-off on stop can deliver.
    const config = { stateHandoff: { push: false, syncIntervalMs: 600_000 } }
    const [n1, n2, n3] = await cluster.startNodes(3, { boot, config })
    await cluster.call(n1!, StateHandoff.stash, ['session-1', { round: 7 }])
    await cluster.stopNode(n1!)
    expect(await cluster.call(n2!, StateHandoff.pickup, ['session-1'])).toEqual({ round: 7 })
    expect(await cluster.call(n3!, StateHandoff.pickup, ['session-1'])).toEqual({ round: 7 })
  })

  test('stash then stop the writer at once, default options', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.call(n1!, StateHandoff.stash, ['session-2', 'state'])
    await cluster.stopNode(n1!)
    expect(await cluster.call(n2!, StateHandoff.pickup, ['session-2'])).toBe('state')
  })

  test('a killed and restarted neighbour catches up', async ({ cluster }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    await Promise.all(range(100, 'a').map((k) => cluster.call(n1!, StateHandoff.stash, [k, 1])))
    await waitUntil(async () => expect((await cluster.call(n2!, StateHandoff.stats, [])).keys).toBe(100))
    await cluster.killNode(n2!)
    await Promise.all(range(100, 'b').map((k) => cluster.call(n3!, StateHandoff.stash, [k, 2])))
    await cluster.call(n1!, StateHandoff.remove, ['a0'])
    const again = await cluster.restartNode(n2!)
    await waitUntil(async () => {
      const [m1, m2] = await Promise.all([
        cluster.call(n1!, StateHandoff.toMap, []),
        cluster.call(again, StateHandoff.toMap, []),
      ])
      expect(m2.size).toBe(199)
      expect(m2).toEqual(m1)
    })
  })
})
