/**
 * Scale: 64 nodes start on a 2-core machine and stay fully meshed with zero false downs. The test asserts
 * the mesh, not the time: every node's peers() lists the 63 others, no onNodeDown fired anywhere, and no
 * log says "no heartbeat" — right after start and again once every node has run two more heartbeat
 * timeouts of its own time. On a machine shared with other work the start takes long (spawning is serial
 * in the manager), hence the generous test timeout; the figures are in bench (`scale`).
 */
import { Cluster, remote } from 'handoff-harness'
import { describe, expect, test } from 'vitest'

const Live = remote<typeof import('#test-nodes/liveness-probe')>('#test-nodes/liveness-probe')
const NODES = 64

async function assertFullMesh(cluster: Cluster): Promise<void> {
  const nodes = cluster.nodes()
  expect(nodes).toHaveLength(NODES)
  const names = nodes.map((n) => n.name).sort()
  const views = await Promise.all(nodes.map((n) => cluster.call(n, Live.peers, [], { timeoutMs: 60_000 })))
  for (const [i, n] of nodes.entries()) expect(views[i]).toEqual(names.filter((x) => x !== n.name))
  const downs = await Promise.all(nodes.map((n) => cluster.call(n, Live.downs, [], { timeoutMs: 60_000 })))
  expect(downs.flat()).toEqual([])
  for (const n of nodes) expect(cluster.logs(n)).not.toMatch(/no heartbeat|down \(/)
}

describe('scale', () => {
  test(`${NODES} nodes start and stay fully meshed with no false down`, { timeout: 600_000 }, async ({
    task,
    onTestFailed,
  }) => {
    await using cluster = await Cluster.start({
      name: `scale-${process.pid}`,
      nodes: NODES,
      node: { boot: ['#test-nodes/liveness-probe'] },
    })
    onTestFailed(() => {
      process.stderr.write(`\n${task.name}:\n${cluster.logTails(15)}\n`)
    })
    await assertFullMesh(cluster)
    await Promise.all(
      cluster.nodes().map((n) => cluster.call(n, Live.ranFor, [2000], { timeoutMs: 120_000 })),
    )
    await assertFullMesh(cluster)
  })
})
