/**
 * The seed's "here be dragons", documented with real clusters: where the primary/replica design breaks.
 * These tests assert the breakage (or measure it); they are the evidence behind fixtures/notes/README.md.
 */
import type { NodeHandle } from 'handoff-harness'
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { Echo, Notes, notesNode, PRIMARY, remoteName, show, startNotes, startPrimary } from './notes-setup.js'

describe('dragon: a partition leaves one writer, and the other side read-only', () => {
  test('the side without the primary cannot write; it reads stale data until the heal', async ({
    cluster,
  }) => {
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [NodeHandle, NodeHandle]
    await cluster.call(r1, Notes.add, ['root', 'before', 'seen by all'])
    await waitUntil(async () => expect(show(await cluster.call(r2, Notes.view, []))).toContain('before('))

    await cluster.partition([primary, r1], [r2])
    const err = await cluster.call(r2, Notes.add, ['root', 'minority', 'lost cause']).catch((e: unknown) => e)
    expect(remoteName(err)).toBe('NoPrimaryError')
    expect((err as Error).message).toMatch(/is not connected to this node .*the write was not sent/)
    await cluster.call(r1, Notes.add, ['root', 'majority', 'written during the partition'])
    // No split brain (one writer), but the cut-off replica serves stale reads without knowing it.
    expect(show(await cluster.call(r2, Notes.view, []))).toBe('root()[before(seen by all)[]]')

    await cluster.heal()
    const expected = show(await cluster.call(primary, Notes.view, []))
    expect(expected).toBe('root()[majority(written during the partition)[],before(seen by all)[]]')
    await waitUntil(async () => expect(show(await cluster.call(r2, Notes.view, []))).toBe(expected))
  })
})

describe('dragon: writes acknowledged before the primary dies can be lost at recovery', () => {
  test('a primary recovered from a stale replica silently drops every write that replica missed', async ({
    cluster,
  }) => {
    // The zone with the primary and r1 fails while r2 is cut off; r2 is the only copy left.
    const { primary, replicas } = await startNotes(cluster, 2)
    const [r1, r2] = replicas as [NodeHandle, NodeHandle]
    await cluster.call(r1, Notes.add, ['root', 'old', 'everyone has it'])
    await waitUntil(async () => expect(show(await cluster.call(r2, Notes.view, []))).toContain('old('))
    cluster.pauseNode(r2)
    await waitUntil(async () => expect(await cluster.call(primary, Echo.peers, [])).not.toContain(r2.name), {
      timeoutMs: 15_000,
    })
    const acked: string[] = []
    for (let i = 0; i < 20; i++) {
      await cluster.call(r1, Notes.add, ['root', `acked-${i}`, 'acknowledged'])
      acked.push(`acked-${i}`)
    }
    await cluster.killNode(primary)
    await cluster.killNode(r1)
    cluster.resumeNode(r2)

    const reborn = await startPrimary(cluster)
    await waitUntil(async () => expect((await cluster.call(reborn, Notes.status, [])).ready).toBe(true))
    const recovered = await cluster.call(reborn, Notes.state, [])
    const missing = acked.filter((id) => !recovered.has(id))
    expect(missing).toEqual(acked)
    expect(recovered.has('old')).toBe(true)
    // And the loss spreads: a replica that comes back adopts the recovered (stale) tree.
    const r1Again = await cluster.restartNode(r1)
    const expected = show(await cluster.call(reborn, Notes.view, []))
    await waitUntil(async () => expect(show(await cluster.call(r1Again, Notes.view, []))).toBe(expected))
    console.log(
      `[notes dragon] stale-replica recovery: ${missing.length}/${acked.length} acknowledged writes lost`,
    )
  })

  // r1 writes nothing; with `farMs` > 0 the primary's frames to it are delayed, like a replica in another
  // region (the seed runs on fly.io across regions). Delayed frames die with the primary. r1 is started
  // first, so it tends to be the first to connect to the new primary, which is the case that hurts.
  const cases = [
    { rule: 'first-answer', farMs: 0 },
    { rule: 'freshest', farMs: 0 },
    { rule: 'first-answer', farMs: 30 },
    { rule: 'freshest', farMs: 30 },
  ] as const
  describe.each(cases)('recovery $rule, far replica +$farMs ms', ({ rule, farMs }) => {
    test('200 writes from two replicas, primary killed mid-stream: count acknowledged writes lost', async ({
      cluster,
    }) => {
      const { primary, replicas } = await startNotes(cluster, 3, { recovery: rule })
      const [far, r2, r3] = replicas as [NodeHandle, NodeHandle, NodeHandle]
      if (farMs > 0) await cluster.setLinkFault(primary, far, { delayMs: farMs })
      const acked = new Set<string>()
      const failed = new Map<string, string>()
      let killed: Promise<unknown> | undefined
      const writer = async (node: NodeHandle, prefix: string): Promise<void> => {
        for (let i = 0; i < 100; i++) {
          const id = `${prefix}-${i}`
          try {
            await cluster.call(node, Notes.add, ['root', id, `from ${node.name}`])
            acked.add(id)
          } catch (err) {
            failed.set(id, remoteName(err) ?? String(err))
          }
          if (acked.size >= 100 && killed === undefined) killed = cluster.killNode(primary)
        }
      }
      await Promise.all([writer(r2, 'w2'), writer(r3, 'w3')])
      await killed
      expect(new Set(failed.values())).toEqual(new Set(['NoPrimaryError']))
      const farHeld = (await cluster.call(far, Notes.state, [])).size - 1

      const reborn = await startPrimary(cluster, { recovery: rule })
      await waitUntil(async () => expect((await cluster.call(reborn, Notes.status, [])).ready).toBe(true))
      const recovered = await cluster.call(reborn, Notes.state, [])
      const lost = [...acked].filter((id) => !recovered.has(id))
      const unackedApplied = [...failed.keys()].filter((id) => recovered.has(id))
      const log = cluster.logs(reborn)
      const source = /recovered version \d+ from \S+/.exec(log)?.[0]
      const upgraded = /upgraded from version \d+ to \d+/.exec(log)?.[0] ?? 'no upgrade'
      console.log(
        `[notes dragon] recovery=${rule} far=${farMs}ms: ${acked.size} acknowledged, ${failed.size} failed ` +
          `(NoPrimaryError), far replica held ${farHeld}; ${source} (far is ${far.name}), ${upgraded}; ` +
          `${lost.length} acknowledged writes missing, ${unackedApplied.length} failed-but-applied present`,
      )
      // 'freshest' upgrades to the newest copy until the first write: with every writer alive and
      // connected (startNode waits for that), nothing acknowledged is lost.
      if (rule === 'freshest') expect(lost).toEqual([])
      // Whatever was lost, every node agrees on the recovered tree, and the new primary takes writes.
      await cluster.call(r3, Notes.add, ['root', 'after', 'recovery'])
      const expected = show(await cluster.call(reborn, Notes.view, []))
      for (const n of [far, r2, r3]) {
        await waitUntil(async () => expect(show(await cluster.call(n, Notes.view, []))).toBe(expected))
      }
    })
  })
})

describe('notesNode options', () => {
  test('an invalid recovery rule makes the node fail to start with a clear message', async ({ cluster }) => {
    const err = await cluster
      .startNode({ ...notesNode({ recovery: 'vote' }), name: PRIMARY })
      .catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/config\.recovery must be one of first-answer, freshest/)
  })
})
