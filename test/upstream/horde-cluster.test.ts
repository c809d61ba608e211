/**
 * Ports of Horde's cluster_test.exs, dynamic_supervisor_deadlock_test.exs, mixed_test.exs,
 * network_partition_test.exs, netsplit_test.exs and local_cluster_test.exs (derekkraan/horde): one test
 * per upstream test, same name and assertion, on real nodes; Horde's `Schism.partition` is
 * `cluster.partition`, its `Process.sleep` waits are `waitUntil`. Horde's separate "hordes" in one VM
 * are nodes here. Not ported: fixtures/supervisor/README.md.
 */
import { type Cluster, remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const H = remote<typeof import('#test-nodes/upstream-horde')>('#test-nodes/upstream-horde')
const boot = ['#test-nodes/upstream-horde']
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
const nodeName = (cluster: Cluster, k: number) => `${cluster.name}-${k}`
/** A node whose registry and supervisor start with only itself as member (Horde's separate hordes). */
const alone = (cluster: Cluster, k: number) => ({
  boot,
  config: { registry: { members: [nodeName(cluster, k)] }, supervisor: { members: [nodeName(cluster, k)] } },
})

describe('Horde cluster_test.exs', () => {
  describe('members option', () => {
    test('can join registry by specifying members in init', async ({ cluster }) => {
      const members = [1, 2].map((k) => nodeName(cluster, k))
      const [n1, n2] = await cluster.startNodes(2, { boot, config: { registry: { members } } })
      expect(await cluster.call(n1!, H.registryMembers, [])).toHaveLength(2)
      const r = await cluster.call(n1!, H.startChild, ['startNamed', { name: 'joined' }])
      if (!r.ok) throw new Error(JSON.stringify(r))
      await waitUntil(async () =>
        expect(await cluster.call(n2!, H.whereisMany, [['joined']])).toEqual([r.pid]),
      )
    })

    test('can join supervisor by specifying members in init', async ({ cluster }) => {
      const members = [1, 2].map((k) => nodeName(cluster, k))
      const [n1] = await cluster.startNodes(2, { boot, config: { supervisor: { members } } })
      await waitUntil(async () => expect((await cluster.call(n1!, H.view, [])).alive).toHaveLength(2))
    })
  })

  describe('.members/1', () => {
    test('Registry returns same thing after setting members twice', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const both = [nodeName(cluster, 2), n1.name]
      await cluster.call(n1, H.setRegistryMembers, [both])
      const once = await cluster.call(n1, H.registryMembers, [])
      expect(once).toEqual([...both].sort())
      await cluster.call(n1, H.setRegistryMembers, [both])
      expect(await cluster.call(n1, H.registryMembers, [])).toEqual(once)
    })

    test('Supervisor returns same thing after setting members twice', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const both = [nodeName(cluster, 2), n1.name]
      await cluster.call(n1, H.setMembers, [both])
      const once = (await cluster.call(n1, H.view, [])).members
      expect(once).toEqual(both)
      await cluster.call(n1, H.setMembers, [both])
      expect((await cluster.call(n1, H.view, [])).members).toEqual(once)
    })
  })

  describe('.set_members/2', () => {
    test('returns true when registries joined', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      await expect(cluster.call(n1, H.setRegistryMembers, [[n1.name, n2.name]])).resolves.toBeUndefined()
    })

    test('returns true when supervisors joined', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      await expect(cluster.call(n1, H.setMembers, [[n1.name, n2.name]])).resolves.toBeUndefined()
    })

    test("returns true when other registry doesn't exist", async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      await expect(
        cluster.call(n1, H.setRegistryMembers, [[n1.name, 'doesnt_exist']]),
      ).resolves.toBeUndefined()
    })

    test("returns true when other supervisor doesn't exist", async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      await expect(cluster.call(n1, H.setMembers, [[n1.name, 'doesnt_exist']])).resolves.toBeUndefined()
    })

    test('can join and unjoin supervisor with set_members', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      for (const n of [n1, n2]) await cluster.call(n, H.setMembers, [[n1.name, n2.name]])
      await waitUntil(async () => expect((await cluster.call(n1, H.view, [])).alive).toHaveLength(2))
      await cluster.call(n1, H.setMembers, [[n1.name]])
      await waitUntil(async () => expect((await cluster.call(n1, H.view, [])).alive).toEqual([n1.name]))
    })

    test('can join and unjoin registry with set_members', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      for (const n of [n1, n2]) await cluster.call(n, H.setRegistryMembers, [[n1.name, n2.name]])
      expect(await cluster.call(n1, H.registryMembers, [])).toHaveLength(2)
      await cluster.call(n1, H.setRegistryMembers, [[n1.name]])
      expect(await cluster.call(n1, H.registryMembers, [])).toHaveLength(1)
    })

    test('supervisor can start child', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      await cluster.call(n1, H.setMembers, [[n1.name]])
      expect(await cluster.call(n1, H.startChild, ['startPlain', { name: 'c' }])).toMatchObject({
        ok: true,
        pid: { node: n1.name },
      })
    })
  })

  describe('auto cluster membership', () => {
    test('supervisor should be registered on all clusters', async ({ cluster }) => {
      const ns = await cluster.startNodes(3, { boot })
      const all = ns.map((n) => n.name).sort()
      await waitUntil(async () => {
        for (const n of ns) expect((await cluster.call(n, H.view, [])).alive).toEqual(all)
      })
    })

    test('registry should be registered on all clusters', async ({ cluster }) => {
      const ns = await cluster.startNodes(3, { boot })
      const all = ns.map((n) => n.name).sort()
      for (const n of ns) expect(await cluster.call(n, H.registryMembers, [])).toEqual(all)
    })

    test('a new node should be auto added to the cluster', async ({ cluster }) => {
      const ns = await cluster.startNodes(2, { boot })
      ns.push(await cluster.startNode({ boot }))
      const all = ns.map((n) => n.name).sort()
      await waitUntil(async () => expect((await cluster.call(ns[0]!, H.view, [])).alive).toEqual(all))
    })

    test('a dead node should be auto removed from the cluster', async ({ cluster }) => {
      const [n1, n2, n3] = await cluster.startNodes(3, { boot })
      await cluster.killNode(n3!)
      await waitUntil(async () =>
        expect(await cluster.call(n1!, H.registryMembers, [])).toEqual([n1!.name, n2!.name].sort()),
      )
    })
  })
})

describe('Horde dynamic_supervisor_deadlock_test.exs', () => {
  test('restart / init deadlock', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1, { boot })
    const a = await cluster.call(n1!, H.startChild, [
      'startPlain',
      { name: 'crash', initMs: 200, crashAfterInit: true },
    ])
    const b = await cluster.call(n1!, H.startChild, ['startPlain', { name: 'normal', initMs: 200 }])
    expect(a.ok && b.ok).toBe(true)
    // this call used to hang (and, with D2, a restarting child must still be listed)
    expect(await cluster.call(n1!, H.which, [])).toHaveLength(2)
  })
})

describe('Horde mixed_test.exs', () => {
  test('supervisor and registry working together', async ({ cluster }) => {
    const [s1, s2] = await cluster.startNodes(2, { boot })
    await waitUntil(async () => expect((await cluster.call(s1!, H.view, [])).alive).toHaveLength(2))
    const testCount = 100
    const started = await cluster.call(s1!, H.startMany, ['startNamedOrIgnore', names('x', testCount)])
    expect(started.every((r) => r.ok)).toBe(true)
    expect((await cluster.call(s1!, H.count, [])).active).toBe(testCount)
    expect((await cluster.call(s2!, H.count, [])).active).toBe(testCount)
    await cluster.call(s1!, H.stopHordeSupervisor, [])
    await waitUntil(async () => expect((await cluster.call(s2!, H.count, [])).active).toBe(testCount))
  })
})

describe('Horde network_partition_test.exs', () => {
  /** Two nodes, each with an IgnoreWorker started before they are joined. */
  async function setup(cluster: Cluster) {
    const n1 = await cluster.startNode(alone(cluster, 1))
    const n2 = await cluster.startNode(alone(cluster, 2))
    for (const n of [n1, n2]) {
      expect(
        await cluster.call(n, H.startChild, ['startNamedOrIgnore', { name: 'IgnoreWorker' }]),
      ).toMatchObject({
        ok: true,
      })
    }
    for (const n of [n1, n2]) {
      await cluster.call(n, H.setRegistryMembers, [[n1.name, n2.name]])
      await cluster.call(n, H.setMembers, [[n1.name, n2.name]])
    }
    return [n1, n2] as const
  }

  test('recovers as expected in case of network partition', async ({ cluster }) => {
    const [n1, n2] = await setup(cluster)
    await cluster.partition([n1], [n2])
    await cluster.heal()
    await waitUntil(async () => {
      const [a, b] = await Promise.all([n1, n2].map((n) => cluster.call(n, H.which, [])))
      expect(a).toHaveLength(1)
      expect(b).toEqual(a)
      expect(await cluster.call(n1, H.isAlive, [a![0]!.pid])).toBe(true)
    })
  })

  test('recovers as expected in case of node stopping', async ({ cluster }) => {
    const [n1, n2] = await setup(cluster)
    await waitUntil(async () => expect((await cluster.call(n1, H.which, [])).length).toBe(1))
    await cluster.stopNode(n2)
    await waitUntil(async () => {
      const listed = await cluster.call(n1, H.which, [])
      expect(listed).toHaveLength(1)
      expect(await cluster.call(n1, H.isAlive, [listed[0]!.pid])).toBe(true)
    })
  })
})

describe('Horde netsplit_test.exs (skipped upstream)', () => {
  test('test netsplit', async ({ cluster }) => {
    const nodes = await cluster.startNodes(4, { boot })
    const [n1, n2, n3] = nodes
    await waitUntil(async () => expect((await cluster.call(n1!, H.view, [])).alive).toHaveLength(4))
    const numProcs = 100
    const servers = names('test_netsplit_server_', numProcs)
    const started = await cluster.call(n1!, H.startMany, ['startNamed', servers])
    expect(started.every((r) => r.ok)).toBe(true)
    const allUnique = async (n: (typeof nodes)[0]) => {
      const pids = await cluster.call(n, H.whereisMany, [servers])
      expect(pids.every((p) => p !== null)).toBe(true)
      expect(new Set(pids.map((p) => JSON.stringify(p))).size).toBe(numProcs)
    }
    await cluster.partition([n1!, n2!], nodes.slice(2))
    await waitUntil(async () => allUnique(n1!), { timeoutMs: 30_000 })
    await waitUntil(async () => allUnique(n3!), { timeoutMs: 30_000 })
    await cluster.heal()
    await waitUntil(
      async () => {
        await allUnique(nodes[0]!)
        const running = await Promise.all(nodes.map((n) => cluster.call(n, H.localPids, [])))
        expect(running.flat()).toHaveLength(numProcs)
      },
      { timeoutMs: 30_000 },
    )
  })
})

describe('Horde local_cluster_test.exs (skipped upstream)', () => {
  test('a heal after a netsplit should ensure the process keeps running', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await waitUntil(async () => expect((await cluster.call(n1!, H.view, [])).alive).toHaveLength(2))
    const r = await cluster.call(n1!, H.startChild, ['startNamed', { name: 'process' }])
    if (!r.ok) throw new Error(JSON.stringify(r))
    const pid = r.pid
    const [current, other] = pid.node === n1!.name ? [n1!, n2!] : [n2!, n1!]
    await waitUntil(async () => expect((await cluster.call(other, H.count, [])).specs).toBe(1))
    await cluster.partition([n1!], [n2!])
    const newPid = await waitUntil(async () => {
      const [p] = await cluster.call(other, H.whereisMany, [['process']])
      expect(p).not.toBeNull()
      return p!
    })
    expect(newPid).not.toEqual(pid)
    expect(newPid.node).toBe(other.name)
    await cluster.heal()
    // only a single process should remain
    await waitUntil(async () => {
      const alive = await Promise.all([pid, newPid].map((p) => cluster.call(current, H.isAlive, [p])))
      expect(alive.filter(Boolean)).toHaveLength(1)
    })
  })
})
