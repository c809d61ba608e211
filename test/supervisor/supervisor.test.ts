/** The distributed supervisor on real clusters: placement, restart types, termination, node kill. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const W = remote<typeof import('#test-nodes/game-workers')>('#test-nodes/game-workers')
const boot = ['#test-nodes/game-workers']
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('distributed supervisor', () => {
  test('children are placed by consistent hash over the alive members, the same from every node', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    const ws = names('w', 30)
    // Wait until every node sees all three members alive, then every node predicts the same owners.
    await waitUntil(async () => {
      for (const n of [n1!, n2!, n3!]) expect((await cluster.call(n, W.view, [])).alive).toHaveLength(3)
    })
    const predicted = await cluster.call(n2!, W.ownerOf, [ws])
    expect(await cluster.call(n3!, W.ownerOf, [ws])).toEqual(predicted)
    expect(await cluster.call(n1!, W.startMany, [ws])).toEqual(predicted)
    expect(new Set(predicted).size).toBe(3)
    // DS-8: the same spec started twice makes two children.
    const again = await cluster.call(n1!, W.startChild, [{ name: 'twin' }, 'temporary'])
    const twice = await cluster.call(n2!, W.startChild, [{ name: 'twin-2' }, 'temporary'])
    expect(again.ok && twice.ok).toBe(true)
    await waitUntil(async () =>
      expect(await cluster.call(n3!, W.count, [])).toEqual({ active: 32, specs: 32 }),
    )
  })

  test('restart types: permanent always, transient only after a crash, temporary never', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const start = async (name: string, restart: 'permanent' | 'transient' | 'temporary') => {
      const r = await cluster.call(n1!, W.startChild, [{ name }, restart])
      if (!r.ok) throw new Error(JSON.stringify(r))
      return r
    }
    const perm = await start('perm', 'permanent')
    const transNormal = await start('trans-normal', 'transient')
    const transCrash = await start('trans-crash', 'transient')
    const temp = await start('temp', 'temporary')
    await cluster.call(n2!, W.stopWorker, [perm.pid, { reason: 'normal' }])
    await cluster.call(n2!, W.stopWorker, [transNormal.pid, { reason: 'normal' }])
    await cluster.call(n2!, W.stopWorker, [transCrash.pid, 'crash'])
    await cluster.call(n2!, W.stopWorker, [temp.pid, 'crash'])
    await waitUntil(async () => {
      for (const n of [n1!, n2!]) {
        const children = await cluster.call(n, W.which, [])
        const byId = new Map(children.map((c) => [c.id, c]))
        expect([...byId.keys()].sort()).toEqual([perm.id, transCrash.id].sort())
        expect(byId.get(perm.id)!.pid).not.toEqual(perm.pid)
        expect(byId.get(transCrash.id)!.pid).not.toEqual(transCrash.pid)
        expect(await cluster.call(n, W.count, [])).toEqual({ active: 2, specs: 2 })
      }
    })
  })

  test('terminateChild stops a child on any node without restart; an unknown pid is not_found', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const ws = names('t', 6)
    await cluster.call(n1!, W.startMany, [ws])
    const children = await cluster.call(n2!, W.which, [])
    expect(children).toHaveLength(6)
    for (const c of children) expect(await cluster.call(n2!, W.terminate, [c.pid])).toEqual({ ok: true })
    expect(await cluster.call(n1!, W.terminate, [children[0]!.pid])).toEqual({
      ok: false,
      error: 'not_found',
    })
    await waitUntil(async () => expect(await cluster.call(n1!, W.count, [])).toEqual({ active: 0, specs: 0 }))
  })

  test('when a node is killed, each survivor restarts exactly the children it now owns', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    const ws = names('k', 30)
    await waitUntil(async () => expect((await cluster.call(n1!, W.view, [])).alive).toHaveLength(3))
    const placed = await cluster.call(n1!, W.startMany, [ws])
    expect(placed.filter((n) => n === n1!.name).length).toBeGreaterThan(0)
    await waitUntil(async () =>
      expect(await cluster.call(n2!, W.count, [])).toEqual({ active: 30, specs: 30 }),
    )

    await cluster.killNode(n1!)

    const survivorsOwner = await waitUntil(async () => {
      const owners = await cluster.call(n2!, W.ownerOf, [ws])
      expect(owners.every((o) => o === n2!.name || o === n3!.name)).toBe(true)
      return owners
    })
    await waitUntil(async () => {
      const listed = await cluster.call(n3!, W.placements, [])
      expect(listed).toHaveLength(30)
      const where = new Map(listed)
      expect(ws.map((w) => where.get(w))).toEqual(survivorsOwner)
    })
  })
})
