/** The registry across partitions: names of live processes survive (RR-17 fixed) and a name taken on
 * both sides is resolved the same way everywhere after the heal (RR-12). */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const P = remote<typeof import('#test-nodes/registry-probe')>('#test-nodes/registry-probe')
const boot = ['#test-nodes/registry-probe']
const keys = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('registry across a partition', () => {
  test('names of live processes survive a partition; during it the other side is filtered, not deleted', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    for (const [n, prefix] of [
      [n1!, 'a'],
      [n3!, 'c'],
    ] as const) {
      for (const key of keys(prefix, 10)) {
        const r = await cluster.call(n, P.spawnNamed, [key])
        if (!r.ok) throw new Error(r.message)
      }
    }
    const all = [...keys('a', 10), ...keys('c', 10)]
    await waitUntil(async () => expect(await cluster.call(n2!, P.count, [])).toBe(20))
    const before = await cluster.call(n2!, P.lookupMany, [all])

    await cluster.partition([n1!, n2!], [n3!])
    // RR-5 filtering: the cut-off side's names resolve to nothing, our own side's still resolve.
    expect(await cluster.call(n1!, P.lookupMany, [keys('c', 10)])).toEqual(Array(10).fill(null))
    expect(await cluster.call(n1!, P.lookupMany, [keys('a', 10)])).toEqual(before.slice(0, 10))
    expect(await cluster.call(n3!, P.lookupMany, [keys('c', 10)])).toEqual(before.slice(10))
    expect(await cluster.call(n1!, P.count, [])).toBe(10)

    await cluster.heal()
    await waitUntil(async () => {
      for (const n of [n1!, n2!, n3!]) {
        expect(await cluster.call(n, P.lookupMany, [all])).toEqual(before)
        expect(await cluster.call(n, P.count, [])).toBe(20)
      }
    })
  })

  test('a name registered on both sides resolves to exactly one process everywhere; the loser gets name_conflict', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    await cluster.partition([n1!], [n2!, n3!])
    const left = await cluster.call(n1!, P.spawnNamed, ['dup', { value: 'left' }])
    const right = await cluster.call(n2!, P.spawnNamed, ['dup', { value: 'right' }])
    if (!left.ok || !right.ok) throw new Error('both sides must accept the registration while split')
    await cluster.heal()

    let winner: (typeof left)['pid'] | undefined
    await waitUntil(async () => {
      const seen = await Promise.all([n1!, n2!, n3!].map((n) => cluster.call(n, P.lookupMany, [['dup']])))
      expect(seen[0]![0]).not.toBeNull()
      expect(new Set(seen.map((s) => JSON.stringify(s[0]))).size).toBe(1)
      winner = seen[0]![0]!
    })
    const loser = winner!.node === n1!.name ? right.pid : left.pid
    expect([left.pid, right.pid]).toContainEqual(winner)
    const loserNode = loser.node === n1!.name ? n1! : n2!
    await waitUntil(async () => {
      expect(await cluster.call(n3!, P.alive, [loser])).toBe(false)
      expect(await cluster.call(n3!, P.alive, [winner!])).toBe(true)
      const exits = await cluster.call(loserNode, P.exitsSeen, [])
      expect(exits.filter((e) => e.via === 'terminate')).toEqual([
        {
          pid: loser,
          via: 'terminate',
          reason: {
            reason: 'name_conflict',
            key: 'dup',
            winner,
            registry: 'probe',
            value: loser === left.pid ? 'left' : 'right',
          },
        },
      ])
    })
    // The answer stays put: all nodes still agree after the loser's exit has propagated.
    await waitUntil(async () => {
      for (const n of [n1!, n2!, n3!])
        expect(await cluster.call(n, P.lookupMany, [['dup']])).toEqual([winner])
    })
  })
})
