/** The primary/replica notes system (fixtures/notes) in real clusters: where it holds. */
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { Echo, Notes, notesNode, PRIMARY, remoteName, show, startNotes, startPrimary } from './notes-setup.js'

describe('notes: writes go to the primary, reads come from the local replica', () => {
  test('writes from a replica node appear on every node', async ({ cluster }) => {
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [(typeof replicas)[0], (typeof replicas)[0]]
    await cluster.call(r1, Notes.add, ['root', 'a', 'groceries'])
    await cluster.call(r2, Notes.add, ['a', 'b', 'milk'])
    await cluster.call(primary, Notes.add, ['root', 'c', 'todo'])
    const expected = 'root()[c(todo)[],a(groceries)[b(milk)[]]]'
    // The writer reads its own write at once: the broadcast reaches it before the acknowledgement.
    expect(show(await cluster.call(r2, Notes.view, []))).toContain('b(milk)')
    for (const n of [primary, r1, r2]) {
      await waitUntil(async () => expect(show(await cluster.call(n, Notes.view, []))).toBe(expected))
    }
    const removed = await cluster.call(r1, Notes.remove, ['a'])
    expect(removed.existed).toBe(true)
    for (const n of [primary, r1, r2]) {
      await waitUntil(async () =>
        expect(show(await cluster.call(n, Notes.view, []))).toBe('root()[c(todo)[]]'),
      )
    }
    // The seed's lazy compaction: 'b' is garbage in every replica's raw map, not in the view.
    expect((await cluster.call(r2, Notes.state, [])).has('b')).toBe(true)
  })

  test('a write naming an unknown parent fails with its own error class on the calling node', async ({
    cluster,
  }) => {
    const { replicas } = await startNotes(cluster, 1)
    const err = await cluster.call(replicas[0]!, Notes.add, ['nope', 'x', 'orphan']).catch((e: unknown) => e)
    expect(remoteName(err)).toBe('UnknownParentError')
    expect((err as Error).message).toMatch(/parent 'nope' does not exist/)
  })

  test('killed primary: a new node configured as primary recovers the full tree from the replicas', async ({
    cluster,
  }) => {
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [(typeof replicas)[0], (typeof replicas)[0]]
    for (let i = 0; i < 10; i++)
      await cluster.call(i % 2 ? r1 : r2, Notes.add, ['root', `n${i}`, `note ${i}`])
    await cluster.call(r1, Notes.add, ['n3', 'n3.1', 'child'])
    const before = show(await cluster.call(primary, Notes.view, []))
    await waitUntil(async () => expect(show(await cluster.call(r2, Notes.view, []))).toBe(before))
    const oldStatus = await cluster.call(primary, Notes.status, [])

    await cluster.killNode(primary)
    const reborn = await startPrimary(cluster)
    await waitUntil(async () => expect((await cluster.call(reborn, Notes.status, [])).ready).toBe(true))
    expect(show(await cluster.call(reborn, Notes.view, []))).toBe(before)
    const status = await cluster.call(reborn, Notes.status, [])
    expect(status.epoch).not.toBe(oldStatus.epoch)
    expect(status.version).toBe(oldStatus.version)

    await cluster.call(r2, Notes.add, ['n3.1', 'after', 'written after recovery'])
    for (const n of [reborn, r1, r2]) {
      await waitUntil(async () =>
        expect(show(await cluster.call(n, Notes.view, []))).toContain('after(written'),
      )
    }
  })

  test('a restarted replica catches up, including writes made while it was down', async ({ cluster }) => {
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [(typeof replicas)[0], (typeof replicas)[0]]
    await cluster.call(r1, Notes.add, ['root', 'early', 'before the stop'])
    await cluster.stopNode(r2)
    await cluster.call(r1, Notes.add, ['root', 'late', 'while r2 was down'])
    const restarted = await cluster.restartNode(r2)
    const expected = show(await cluster.call(primary, Notes.view, []))
    expect(expected).toContain('late(')
    await waitUntil(async () => expect(show(await cluster.call(restarted, Notes.view, []))).toBe(expected))
  })

  test('a replica started before its primary is fed once the primary comes up', async ({ cluster }) => {
    const [r1] = await cluster.startNodes(1, {
      boot: ['handoff-harness/fixtures/notes'],
      config: { primary: PRIMARY },
    })
    expect(show(await cluster.call(r1!, Notes.view, []))).toBe('root()[]')
    const primary = await startPrimary(cluster)
    await cluster.call(primary, Notes.add, ['root', 'a', 'A'])
    await waitUntil(async () => expect(show(await cluster.call(r1!, Notes.view, []))).toBe('root()[a(A)[]]'))
  })
})

describe('notes: no primary reachable', () => {
  test('a write fails fast with NoPrimaryError, reads keep working', async ({ cluster }) => {
    const { primary, replicas } = await startNotes(cluster, 1)
    const r1 = replicas[0]!
    await cluster.call(r1, Notes.add, ['root', 'a', 'A'])
    await cluster.killNode(primary)
    await waitUntil(async () => expect(await cluster.call(r1, Echo.peers, [])).not.toContain(PRIMARY))
    const err = await cluster.call(r1, Notes.add, ['root', 'b', 'B']).catch((e: unknown) => e)
    expect(remoteName(err)).toBe('NoPrimaryError')
    const message = (err as Error).message
    expect(message).toContain(`on node ${r1.name}`)
    expect(message).toContain('add("root", "b", …)')
    expect(message).toContain(`'${PRIMARY}'`)
    expect(message).toMatch(/is not connected .*the write was not sent.*Start a node named 'primary'/)
    const removeErr = await cluster.call(r1, Notes.remove, ['a']).catch((e: unknown) => e)
    expect(remoteName(removeErr)).toBe('NoPrimaryError')
    expect(show(await cluster.call(r1, Notes.view, []))).toBe('root()[a(A)[]]')
  })

  test('a paused primary makes writes fail with NoPrimaryError within the call timeout, not hang', async ({
    cluster,
  }) => {
    const { primary, replicas } = await startNotes(cluster, 1)
    const r1 = replicas[0]!
    await cluster.call(r1, Notes.add, ['root', 'a', 'A'])
    cluster.pauseNode(primary)
    try {
      // Default call timeout is 10 s; the write must settle well before it, with the notes error.
      const err = await cluster.call(r1, Notes.add, ['root', 'b', 'B']).catch((e: unknown) => e)
      expect(remoteName(err)).toBe('NoPrimaryError')
      expect((err as Error).message).toMatch(/went down|did not answer|not connected/)
    } finally {
      cluster.resumeNode(primary)
    }
  })

  test('a primary node that does not serve notes is named as such, not left to time out', async ({
    cluster,
  }) => {
    await cluster.startNode({ name: PRIMARY })
    const [r1] = await cluster.startNodes(1, notesNode())
    const err = await cluster.call(r1!, Notes.add, ['root', 'a', 'A']).catch((e: unknown) => e)
    expect(remoteName(err)).toBe('NoPrimaryError')
    expect((err as Error).message).toMatch(/does not serve notes.*the write was not applied/)
  })
})
