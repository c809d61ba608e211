/**
 * Seed 004's failover: the primary is whoever holds the cluster-wide primary name (the seed's
 * `:global` registration), so a *replacement* node configured as primary takes over and every replica
 * follows it — even replicas configured with the old primary's name. And the split-brain dragon: two
 * nodes claiming primary during a partition; after the heal the smaller name keeps the primary name,
 * the other steps down, and what it acknowledged during the partition is gone.
 */
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { Notes, notesNode, show, startNotes } from './notes-setup.js'

describe('the primary is found by its cluster-wide name', () => {
  test('a replacement primary with a new name takes over: writes from any node reach it, replicas follow', async ({
    cluster,
  }) => {
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [(typeof replicas)[0], (typeof replicas)[0]]
    for (let i = 0; i < 5; i++) await cluster.call(r1, Notes.add, ['root', `n${i}`, `note ${i}`])
    const before = show(await cluster.call(primary, Notes.view, []))
    await waitUntil(async () => expect(show(await cluster.call(r2, Notes.view, []))).toBe(before))

    await cluster.killNode(primary)
    const p2 = await cluster.startNode({ ...notesNode({ primary: 'p2' }), name: 'p2' })
    await waitUntil(async () =>
      expect(await cluster.call(p2, Notes.status, [])).toMatchObject({ ready: true }),
    )
    expect(show(await cluster.call(p2, Notes.view, []))).toBe(before)
    for (const r of [r1, r2]) {
      await waitUntil(async () =>
        expect(await cluster.call(r, Notes.status, [])).toMatchObject({ primary: 'p2', isPrimary: false }),
      )
    }

    // A write through a replica configured with the old name reaches p2 …
    await cluster.call(r1, Notes.add, ['root', 'via-r1', 'written through r1'])
    expect(show(await cluster.call(p2, Notes.view, []))).toContain('via-r1(')
    // … and p2's own writes reach every replica.
    await cluster.call(p2, Notes.add, ['root', 'on-p2', 'written on p2'])
    for (const r of [r1, r2]) {
      await waitUntil(async () => expect(show(await cluster.call(r, Notes.view, []))).toContain('on-p2('))
    }
  })
})

describe('split brain (dragon): two claimants during a partition', () => {
  test('after the heal the smaller name keeps the primary; the other side’s acknowledged writes are lost', async ({
    cluster,
  }) => {
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [(typeof replicas)[0], (typeof replicas)[0]]
    // p2 runs as a replica at first, configured with the usual primary.
    const p2 = await cluster.startNode({ ...notesNode(), name: 'p2' })
    await cluster.call(r1, Notes.add, ['root', 'shared', 'before the partition'])
    await waitUntil(async () => expect(show(await cluster.call(p2, Notes.view, []))).toContain('shared('))

    await cluster.partition([primary, r1], [p2, r2])
    // On the cut-off side, p2 is restarted as primary (the seed's "it's up to us" gone wrong).
    await cluster.restartNode(p2, notesNode({ primary: 'p2' }))
    await waitUntil(async () =>
      expect(await cluster.call(r2, Notes.status, [])).toMatchObject({ primary: 'p2', isPrimary: false }),
    )
    // Both sides accept writes: two primaries.
    await cluster.call(r1, Notes.add, ['root', 'side-a', 'acknowledged by primary'])
    await cluster.call(r2, Notes.add, ['root', 'side-b', 'acknowledged by p2'])
    expect(await cluster.call(primary, Notes.status, [])).toMatchObject({ isPrimary: true })
    expect(await cluster.call(p2, Notes.status, [])).toMatchObject({ isPrimary: true })

    await cluster.heal()

    // 'p2' < 'primary': p2 keeps the name everywhere; primary steps down and takes p2's state.
    for (const n of [primary, r1, r2, p2]) {
      await waitUntil(async () =>
        expect(await cluster.call(n, Notes.status, [])).toMatchObject({
          primary: 'p2',
          isPrimary: n.name === 'p2',
        }),
      )
    }
    const winner = show(await cluster.call(p2, Notes.view, []))
    expect(winner).toContain('side-b(')
    expect(winner).toContain('shared(')
    expect(winner).not.toContain('side-a(')
    for (const n of [primary, r1, r2]) {
      await waitUntil(async () => expect(show(await cluster.call(n, Notes.view, []))).toBe(winner))
    }
    console.log('[notes dragon] split brain healed: side-a (acknowledged by the losing primary) is lost')
    // Writes go to the winner from every node afterwards.
    await cluster.call(r1, Notes.add, ['root', 'after-heal', 'through r1'])
    expect(show(await cluster.call(p2, Notes.view, []))).toContain('after-heal(')
  })
})
