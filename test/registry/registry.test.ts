/** The registry on real clusters: registration API, liveness filtering, exits, listeners, via-names. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const P = remote<typeof import('#test-nodes/registry-probe')>('#test-nodes/registry-probe')
const boot = ['#test-nodes/registry-probe']

describe('registry', () => {
  test('register, lookup, keys, count and unregister work from any node', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const pid = await cluster.call(n1!, P.spawnProbe, [])
    expect(await cluster.call(n1!, P.register, ['a', pid, { round: 1 }])).toEqual({ ok: true })
    // Read-your-own-registration holds on the registering node (stronger than RR-4).
    expect(await cluster.call(n1!, P.lookup, ['a'])).toEqual([{ pid, value: { round: 1 } }])
    // Registering a remote pid is forwarded to the pid's node.
    expect(await cluster.call(n2!, P.register, ['b', pid])).toEqual({ ok: true })
    await waitUntil(async () => {
      expect(await cluster.call(n2!, P.lookup, ['a'])).toEqual([{ pid, value: { round: 1 } }])
      expect((await cluster.call(n2!, P.keysOf, [pid])).sort()).toEqual(['a', 'b'])
      expect(await cluster.call(n2!, P.count, [])).toBe(2)
    })
    const other = await cluster.call(n2!, P.spawnProbe, [])
    expect(await cluster.call(n2!, P.register, ['a', other])).toEqual({
      ok: false,
      error: 'already_registered',
      pid,
    })
    expect(await cluster.call(n2!, P.unregister, ['a'])).toBe(true)
    await waitUntil(async () => {
      expect(await cluster.call(n1!, P.lookup, ['a'])).toEqual([])
      expect(await cluster.call(n2!, P.lookup, ['a'])).toEqual([])
    })
    expect(await cluster.call(n2!, P.register, ['a', other])).toEqual({ ok: true })
    expect(await cluster.call(n1!, P.members, [])).toEqual([n1!.name, n2!.name].sort())
  })

  test('lookup filters a dead pid and a down node at once, before the store converges (RR-5)', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot, config: { registry: { syncIntervalMs: 5000 } } })
    const onN2 = await cluster.call(n2!, P.spawnNamed, ['on-n2', { trapExit: false }])
    const onN3 = await cluster.call(n3!, P.spawnNamed, ['on-n3', { trapExit: false }])
    if (!onN2.ok || !onN3.ok) throw new Error('spawn failed')
    await waitUntil(async () =>
      expect(await cluster.call(n1!, P.lookupMany, [['on-n2', 'on-n3']])).toEqual([onN2.pid, onN3.pid]),
    )
    await cluster.call(n1!, P.exitProbe, [onN2.pid, 'kill'])
    await cluster.killNode(n3!)
    expect(await cluster.call(n1!, P.lookupMany, [['on-n2', 'on-n3']])).toEqual([null, null])
  })

  test("a process's exit removes its names everywhere; listeners see register and unregister", async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const named = await cluster.call(n1!, P.spawnNamed, ['x', { value: 'v' }])
    if (!named.ok) throw new Error(named.message)
    await cluster.call(n1!, P.register, ['y', named.pid])
    await waitUntil(async () => expect(await cluster.call(n2!, P.count, [])).toBe(2))
    await cluster.call(n2!, P.exitProbe, [named.pid, 'shutdown'])
    await waitUntil(async () => {
      expect(await cluster.call(n2!, P.count, [])).toBe(0)
      expect(await cluster.call(n1!, P.count, [])).toBe(0)
    })
    // A dead pid cannot take a name.
    expect(await cluster.call(n2!, P.register, ['z', named.pid])).toEqual({
      ok: false,
      error: 'not_alive',
      pid: named.pid,
    })
    const events = (await cluster.call(n2!, P.eventsSeen, [])).map(({ at: _at, ...e }) => e)
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'register', key: 'x', pid: named.pid, value: 'v' },
        { type: 'register', key: 'y', pid: named.pid, value: null },
        { type: 'unregister', key: 'x', pid: named.pid },
        { type: 'unregister', key: 'y', pid: named.pid },
      ]),
    )
  })

  test('a via-name start of a duplicate fails clearly, on the same node and on another', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const first = await cluster.call(n1!, P.spawnNamed, ['game-1'])
    if (!first.ok) throw new Error(first.message)
    const local = await cluster.call(n1!, P.spawnNamed, ['game-1'])
    expect(local).toEqual({
      ok: false,
      name: 'SpawnError',
      causeName: 'AlreadyStartedError',
      message: expect.stringContaining(
        `cannot start a process named 'game-1' in registry 'probe': already started as <${first.pid.id}@${n1!.name}>`,
      ),
    })
    await waitUntil(async () =>
      expect(await cluster.call(n2!, P.spawnNamed, ['game-1'])).toMatchObject({
        ok: false,
        causeName: 'AlreadyStartedError',
      }),
    )
    // The failed starts left no process behind and did not disturb the holder.
    expect(await cluster.call(n1!, P.lookup, ['game-1'])).toEqual([{ pid: first.pid, value: null }])
    expect(await cluster.call(n2!, P.localPids, [])).toEqual([])
  })

  test('members auto: a node that comes up joins, one that leaves drops out', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1, { boot })
    expect(await cluster.call(n1!, P.members, [])).toEqual([n1!.name])
    const n2 = await cluster.startNode({ boot })
    await waitUntil(async () =>
      expect(await cluster.call(n1!, P.members, [])).toEqual([n1!.name, n2.name].sort()),
    )
    await cluster.stopNode(n2)
    await waitUntil(async () => expect(await cluster.call(n1!, P.members, [])).toEqual([n1!.name]))
  })
})
