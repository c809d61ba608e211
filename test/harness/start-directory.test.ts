/**
 * A starting node gets the directory with its init and links with it once its boot modules ran; the
 * cluster may change while it boots. Whatever changed, the start resolves only once the node is linked
 * with every joined peer that is running — and never waits for one that left.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Cluster, type NodeHandle, remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { afterAll } from 'vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')
const dir = mkdtempSync(join(tmpdir(), 'start-directory-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A node held in its boot until `open()`. */
function gate(name: string): { config: { gate: string }; open(): void } {
  const path = join(dir, name)
  return { config: { gate: path }, open: () => writeFileSync(path, '') }
}

/** Starts node `slow`, held in its boot until `open()`; resolves once its process exists (it has its
 * init, with the directory as of now). */
async function startHeld(
  cluster: Cluster,
  gateName: string,
  startTimeoutMs: number,
): Promise<{ started: Promise<NodeHandle>; open(): void }> {
  const held = gate(gateName)
  const started = cluster.startNode({
    name: 'slow',
    boot: ['#test-nodes/gated-boot'],
    config: held.config,
    startTimeoutMs,
  })
  await waitUntil(() => expect(cluster.node('slow').pid).toBeGreaterThan(0))
  return { started, open: held.open }
}

describe('the directory of a starting node', () => {
  test('a peer that joined while the node booted is linked before the start resolves', async ({
    cluster,
  }) => {
    const held = gate('joined')
    let fastPaused = false
    let readyWhileFastPaused = false
    const slow = cluster
      .startNode({ name: 'slow', boot: ['#test-nodes/gated-boot'], config: held.config })
      .then((n) => {
        readyWhileFastPaused = fastPaused
        return n
      })
    // `fast` starts and becomes ready while `slow` is still in its boot: neither was in the other's init.
    const fast = await cluster.startNode({ name: 'fast' })
    // With `fast` paused, `slow` cannot link with it: its start must not resolve until `fast` runs again.
    cluster.pauseNode(fast)
    fastPaused = true
    held.open()
    await waitUntil(() => expect(cluster.node('slow').meshPort).toBeGreaterThan(0))
    fastPaused = false
    cluster.resumeNode(fast)
    const n = await slow
    expect(readyWhileFastPaused).toBe(false)
    expect(await cluster.call(n, Echo.peers, [])).toEqual([fast.name])
    await waitUntil(async () => expect(await cluster.call(fast, Echo.peers, [])).toEqual([n.name]))
  })

  test('a peer that left while the node booted is not waited for', async ({ cluster }) => {
    const [stays, leaves] = await cluster.startNodes(2)
    const slow = await startHeld(cluster, 'left', 30_000)
    // `leaves` was in the init's directory; it is gone before `slow` links with anyone.
    await cluster.killNode(leaves!)
    slow.open()
    const n = await slow.started
    expect(await cluster.call(n, Echo.peers, [])).toEqual([stays!.name])
  })

  test('a peer whose own start failed after it booted is not waited for', async ({ cluster }) => {
    const p = await cluster.startNode({ name: 'p' })
    // `bad` boots, then cannot link with the paused `p` and its start fails: it is killed after it was
    // in the directory a starting node gets.
    cluster.pauseNode(p)
    const bad = cluster.startNode({ name: 'bad', startTimeoutMs: 2000 })
    await waitUntil(() => expect(cluster.node('bad').meshPort).toBeGreaterThan(0))
    const slow = await startHeld(cluster, 'failed', 20_000)
    await expect(bad).rejects.toThrow(/not ready within/)
    cluster.resumeNode(p)
    slow.open()
    const n = await slow.started
    expect(await cluster.call(n, Echo.peers, [])).toEqual([p.name])
  })
})
