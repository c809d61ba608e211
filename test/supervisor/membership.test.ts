/** The supervisor when membership changes: graceful leave (one by one, with handoff), redistribution,
 * and quorum loss with static members (DS-5 fixed). */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const W = remote<typeof import('#test-nodes/game-workers')>('#test-nodes/game-workers')
const boot = ['#test-nodes/game-workers']
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('supervisor membership', () => {
  test('on a graceful stop, children run terminate and are handed over one by one, with their handoff', async ({
    cluster,
  }) => {
    const n1 = await cluster.startNode({ boot })
    const n2 = await cluster.startNode({ boot })
    const reporter = await cluster.call(n2, W.spawnReporter, [])
    // Two workers that hash to n1: one with a quick terminate, one with a slow one.
    await waitUntil(async () => expect((await cluster.call(n1, W.view, [])).alive).toHaveLength(2))
    const candidates = names('c', 40).flatMap((name) => [
      { name, terminateMs: 100, reportTo: reporter },
      { name, terminateMs: 1500, reportTo: reporter },
    ])
    const owners = await cluster.call(n1, W.ownerOf, [candidates])
    const onN1 = (terminateMs: number, not?: string) =>
      candidates.find((c, i) => c.terminateMs === terminateMs && owners[i] === n1.name && c.name !== not)!
    const fastArgs = onN1(100)
    const slowArgs = onN1(1500, fastArgs.name)
    const [fast, slow] = [fastArgs.name, slowArgs.name]
    for (const args of [fastArgs, slowArgs]) {
      expect(await cluster.call(n1, W.startChild, [args])).toMatchObject({ ok: true, pid: { node: n1.name } })
    }

    await cluster.stopNode(n1)

    const reports = await waitUntil(async () => {
      const r = await cluster.call(n2, W.reports, [reporter])
      expect(r.filter((e) => e.node === n2.name && e.event === 'started')).toHaveLength(2)
      return r
    })
    const seq = reports
      .filter((r) => !(r.event === 'started' && r.node === n1.name))
      .map((r) => `${r.event} ${r.name} ${r.node}`)
    // The fast child is running on n2 before the slow one has finished terminating.
    expect(seq).toEqual([
      `terminated ${fast} ${n1.name}`,
      `started ${fast} ${n2.name}`,
      `terminated ${slow} ${n1.name}`,
      `started ${slow} ${n2.name}`,
    ])
    const restarted = reports.filter((r) => r.event === 'started' && r.node === n2.name)
    expect(restarted.map((r) => (r.event === 'started' ? r.handoff : null))).toEqual([
      { from: n1.name, name: fast },
      { from: n1.name, name: slow },
    ])
    expect(
      reports
        .filter((r) => r.event === 'terminated')
        .map((r) => (r.event === 'terminated' ? r.reason : null)),
    ).toEqual(['shutdown', 'shutdown'])
  })

  test.for([
    { mode: 'passive' as const, moves: false },
    { mode: 'active' as const, moves: true },
  ])(
    'with $mode redistribution, a joining node takes over its share: $moves',
    async ({ mode, moves }, { cluster }) => {
      const config = { supervisor: { processRedistribution: mode } }
      const n1 = await cluster.startNode({ boot, config })
      const ws = names('r', 20)
      expect(await cluster.call(n1, W.startMany, [ws])).toEqual(Array(20).fill(n1.name))
      const n2 = await cluster.startNode({ boot, config })
      if (moves) {
        await waitUntil(async () => {
          const owners = await cluster.call(n1, W.ownerOf, [ws])
          expect(new Set(owners)).toEqual(new Set([n1.name, n2.name]))
          const where = new Map(await cluster.call(n2, W.placements, []))
          expect(where.size).toBe(20)
          expect(ws.map((w) => where.get(w))).toEqual(owners)
        })
        const local = await cluster.call(n2, W.localChildren, [])
        expect(local.length).toBeGreaterThan(0)
      } else {
        await waitUntil(async () => expect((await cluster.call(n1, W.view, [])).alive).toHaveLength(2))
        const where = new Map(await cluster.call(n2, W.placements, []))
        expect(ws.map((w) => where.get(w))).toEqual(Array(20).fill(n1.name))
      }
      await waitUntil(async () =>
        expect(await cluster.call(n2, W.count, [])).toEqual({ active: 20, specs: 20 }),
      )
    },
  )

  test('with static members, a member that loses quorum stops its children; the majority runs them all', async ({
    cluster,
  }) => {
    const members = [1, 2, 3].map((k) => `${cluster.name}-${k}`)
    const config = { supervisor: { members }, registry: { members } }
    const [a, b, c] = await cluster.startNodes(3, { boot, config })
    await waitUntil(async () => {
      for (const n of [a!, b!, c!]) expect((await cluster.call(n, W.view, [])).alive).toHaveLength(3)
    })
    const ws = names('q', 24)
    const placed = await cluster.call(a!, W.startMany, [ws])
    expect(placed.filter((n) => n === a!.name).length).toBeGreaterThan(0)
    // Split only once b knows every child (records in flight when the links are cut are lost with them).
    await waitUntil(async () =>
      expect(await cluster.call(b!, W.count, [])).toEqual({ active: 24, specs: 24 }),
    )

    await cluster.partition([a!], [b!, c!])

    await waitUntil(async () => expect(await cluster.call(a!, W.localChildren, [])).toEqual([]))
    expect(await cluster.call(a!, W.startChild, [{ name: 'late' }])).toMatchObject({
      ok: false,
      error: 'quorum_not_met',
    })
    await waitUntil(async () => {
      const where = await cluster.call(b!, W.placements, [])
      expect(where.map(([w]) => w).sort()).toEqual([...ws].sort())
    })

    await cluster.heal()
    await waitUntil(
      async () => {
        const where = await cluster.call(a!, W.placements, [])
        expect(where.map(([w]) => w).sort()).toEqual([...ws].sort())
        expect(await cluster.call(c!, W.count, [])).toEqual({ active: 24, specs: 24 })
      },
      { timeoutMs: 10_000 },
    )
  })
})
