/**
 * The failure detector on real processes (harness/mesh/detector.ts): a node counts a peer's silence only
 * in time it ran itself, so a whole cluster that was not scheduled for a while (SIGSTOP on every node:
 * the extreme of a starved machine) blames nobody when it runs again; a paused node among running ones
 * is still reported down, and the time from pauseNode to the peer's onNodeDown is printed.
 */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Live = remote<typeof import('#test-nodes/liveness-probe')>('#test-nodes/liveness-probe')
const boot = ['#test-nodes/liveness-probe']

/** Keeps a stimulus (a pause) in force for `ms` of the manager's time. */
function holdFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

describe('failure detector', () => {
  test('a cluster stopped as a whole for 3 timeouts blames no one when it runs again', async ({
    cluster,
  }) => {
    const nodes = await cluster.startNodes(3, { boot })
    for (const n of nodes) cluster.pauseNode(n)
    try {
      await holdFor(3000) // the stimulus: three timeouts in which no node runs
    } finally {
      for (const n of nodes) cluster.resumeNode(n)
    }
    // Once each node has run two timeouts of its own time, any verdict about the stall has landed.
    await Promise.all(nodes.map((n) => cluster.call(n, Live.ranFor, [2000])))
    for (const n of nodes) {
      expect(await cluster.call(n, Live.downs, [])).toEqual([])
      expect(await cluster.call(n, Live.peers, [])).toHaveLength(2)
      expect(cluster.logs(n)).not.toMatch(/no heartbeat/)
    }
  })

  test('a paused node is reported down by its running peers; the detection time is printed', async ({
    cluster,
  }) => {
    const [a, b, c] = await cluster.startNodes(3, { boot })
    const pausedAt = Date.now()
    cluster.pauseNode(a)
    try {
      const downs = await waitUntil(
        async () => {
          const seen = await Promise.all([b, c].map((n) => cluster.call(n, Live.downs, [])))
          const found = seen.map((d) => d.find((e) => e.peer === a.name))
          expect(found.every((e) => e !== undefined)).toBe(true)
          return found
        },
        { timeoutMs: 15_000 },
      )
      for (const d of downs) expect(d?.reason).toBe('disconnect')
      const ms = downs.map((d) => (d?.at ?? 0) - pausedAt)
      process.stderr.write(`[failure-detector] pauseNode → onNodeDown: ${ms.join(' ms, ')} ms\n`)
      // The peers did not blame each other.
      expect(await cluster.call(b, Live.downs, [])).toHaveLength(1)
      expect(await cluster.call(b, Live.peers, [])).toEqual([c.name])
    } finally {
      cluster.resumeNode(a)
    }
    await waitUntil(
      async () => expect(await cluster.call(b, Live.peers, [])).toEqual([a.name, c.name].sort()),
      {
        timeoutMs: 15_000,
      },
    )
  })
})
