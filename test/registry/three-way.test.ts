/** D3 (issue 14): a name registered on three sides of a partition ends, after the heal, with exactly one
 * running process — a third registration arriving while a conflict's winner is probed must not leave
 * the local loser running unnamed. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const H = remote<typeof import('#test-nodes/upstream-horde')>('#test-nodes/upstream-horde')
const boot = ['#test-nodes/upstream-horde']
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('registry: three-way name conflicts', () => {
  test('after a three-way split heals, each of 100 names has exactly one running process', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    const all = [n1!, n2!, n3!]
    await waitUntil(async () => {
      for (const n of all) expect((await cluster.call(n, H.view, [])).alive).toHaveLength(3)
    })
    const ws = names('n', 100)
    const placed = await cluster.call(n1!, H.startMany, ['startNamed', ws])
    expect(placed.every((r) => r.ok)).toBe(true)
    await waitUntil(async () => {
      for (const n of all) expect(await cluster.call(n, H.count, [])).toEqual({ active: 100, specs: 100 })
    })

    await cluster.partition([n1!], [n2!], [n3!])
    // Each side takes over the others' children: every name runs on every side.
    await waitUntil(
      async () => {
        for (const n of all) {
          const where = await cluster.call(n, H.placements, [])
          expect(where.map(([w]) => w).sort()).toEqual([...ws].sort())
        }
      },
      { timeoutMs: 30_000 },
    )

    await cluster.heal()
    await waitUntil(
      async () => {
        const where = await cluster.call(n1!, H.placements, [])
        expect(where.map(([w]) => w).sort()).toEqual([...ws].sort())
        const running = await Promise.all(all.map((n) => cluster.call(n, H.localPids, [])))
        expect(running.flat()).toHaveLength(100)
      },
      { timeoutMs: 30_000 },
    )
  })
})
