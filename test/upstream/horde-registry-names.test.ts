/** Port of Horde's test/registry_test.exs: membership, register, keys, select and unregister (see horde-registry-setup.ts). */
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { alone, boot, P, R } from './horde-registry-setup.js'

describe('Horde.Registry (registry_test.exs)', () => {
  describe('.set_members/2', () => {
    test('two hordes can join each other', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      for (const n of [n1, n2]) await cluster.call(n, R.setMembers, [[n1.name, n2.name]])
      expect(await cluster.call(n2, R.members, [])).toHaveLength(2)
      // Joined for real: a registration on one is seen on the other.
      const pid = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['joined', pid, null])
      await waitUntil(async () =>
        expect(await cluster.call(n2, P.lookup, ['joined'])).toEqual([{ pid, value: null }]),
      )
    })

    test('three nodes can make a single registry', async ({ cluster }) => {
      const ns = [
        await cluster.startNode(alone(cluster, 1)),
        await cluster.startNode(alone(cluster, 2)),
        await cluster.startNode(alone(cluster, 3)),
      ]
      for (const n of ns) await cluster.call(n, R.setMembers, [ns.map((x) => x.name)])
      expect(await cluster.call(ns[1]!, R.members, [])).toHaveLength(3)
      const pid = await cluster.call(ns[2]!, P.spawnProbe, [])
      await cluster.call(ns[2]!, P.register, ['joined', pid, null])
      await waitUntil(async () => expect(await cluster.call(ns[0]!, P.count, [])).toBe(1))
    })
  })

  describe('.register/3', () => {
    test('has unique registrations', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      expect(await cluster.call(n1, P.register, ['hello', self, 'value'])).toEqual({ ok: true })
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual(['hello'])
      expect(await cluster.call(n1, P.register, ['hello', self, 'value'])).toEqual({
        ok: false,
        error: 'already_registered',
        pid: self,
      })
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual(['hello'])
      expect(await cluster.call(n1, P.register, ['world', self, 'value'])).toEqual({ ok: true })
      expect((await cluster.call(n1, P.keysOf, [self])).sort()).toEqual(['hello', 'world'])
    })

    test('has unique registrations across processes', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const task = await cluster.call(n1, P.spawnProbe, [])
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['hello', task, 'value'])
      expect(await cluster.call(n1, P.register, ['hello', self, 'recent'])).toEqual({
        ok: false,
        error: 'already_registered',
        pid: task,
      })
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual([])
    })

    test('name conflict message is received when 2 registries join', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      const first = await cluster.call(n1, P.spawnNamed, ['hello', { value: 'value' }])
      const winner = await cluster.call(n2, P.spawnNamed, ['hello', { value: 'value' }])
      if (!first.ok || !winner.ok) throw new Error('both registrations must succeed while apart')
      for (const n of [n1, n2]) await cluster.call(n, R.setMembers, [[n1.name, n2.name]])
      // The later registration wins (the store's last-writer-wins order); the loser gets name_conflict.
      await waitUntil(async () =>
        expect(await cluster.call(n1, P.exitsSeen, [])).toContainEqual({
          pid: first.pid,
          via: 'terminate',
          reason: {
            reason: 'name_conflict',
            key: 'hello',
            winner: winner.pid,
            registry: 'probe',
            value: 'value',
          },
        }),
      )
      // only the winner process is registered
      await waitUntil(async () => {
        for (const n of [n1, n2])
          expect(await cluster.call(n, R.entries, [])).toEqual([
            { key: 'hello', pid: winner.pid, value: 'value' },
          ])
      })
    })

    test('name conflicts in separate processes', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      const pid1 = await cluster.call(n1, R.spawnRegistering, [['name', 'other-1']])
      await cluster.call(n2, R.spawnRegistering, [['name', 'other-2']])
      for (const n of [n1, n2]) await cluster.call(n, R.setMembers, [[n1.name, n2.name]])
      // pid1 has lost
      await waitUntil(async () => expect(await cluster.call(n2, P.alive, [pid1])).toBe(false))
      await waitUntil(async () => {
        for (const n of [n1, n2])
          expect((await cluster.call(n, R.entries, [])).map((e) => e.key).sort()).toEqual(['name', 'other-2'])
      })
    })

    test('via callbacks', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const started = await cluster.call(n1, P.spawnNamed, ['foo'])
      if (!started.ok) throw new Error(started.message)
      expect(await cluster.call(n1, P.lookup, ['foo'])).toEqual([{ pid: started.pid, value: null }])
      const again = await cluster.call(n1, P.spawnNamed, ['foo'])
      expect(again).toMatchObject({ ok: false, causeName: 'AlreadyStartedError' })
    })

    test('uses value provided in via', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const started = await cluster.call(n1, P.spawnNamed, ['foo', { value: 'value' }])
      if (!started.ok) throw new Error(started.message)
      expect(await cluster.call(n1, P.lookup, ['foo'])).toEqual([{ pid: started.pid, value: 'value' }])
    })
  })

  describe('.keys/2', () => {
    test('empty list if not registered', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual([])
    })

    test('registered keys are returned', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      const self = await cluster.call(n1!, P.spawnProbe, [])
      await cluster.call(n1!, P.register, ['foo', self, 'value'])
      await cluster.call(n2!, P.register, ['bar', self, 'value'])
      await waitUntil(async () =>
        expect((await cluster.call(n1!, P.keysOf, [self])).sort()).toEqual(['bar', 'foo']),
      )
    })
  })

  describe('.select/2 (as entries())', () => {
    test('empty list for empty registry', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      expect(await cluster.call(n1, R.entries, [])).toEqual([])
    })

    test('select all', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const named = await cluster.call(n1, P.spawnNamed, ['hello'])
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['world', self, 'value'])
      if (!named.ok) throw new Error(named.message)
      const all = await cluster.call(n1, R.entries, [])
      expect(all.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: 'hello', pid: named.pid, value: null },
        { key: 'world', pid: self, value: 'value' },
      ])
    })

    test('select works with clustered registries', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      const self = await cluster.call(n1!, P.spawnProbe, [])
      await cluster.call(n1!, P.register, ['a', self, 'value'])
      await waitUntil(async () => {
        for (const n of [n1!, n2!])
          expect((await cluster.call(n, R.entries, [])).map((e) => e.key)).toEqual(['a'])
      })
    })
  })

  describe('register via callbacks', () => {
    test("register a name the 'via' way", async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const started = await cluster.call(n1, P.spawnNamed, ['precious'])
      if (!started.ok) throw new Error(started.message)
      expect(await cluster.call(n1, P.callProbe, [started.pid, { op: 'ping' }])).toMatchObject({ ok: true })
      expect(await cluster.call(n1, P.lookup, ['precious'])).toEqual([{ pid: started.pid, value: null }])
    })
  })

  describe('.unregister/2', () => {
    test('can unregister processes', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      const self = await cluster.call(n1!, P.spawnProbe, [])
      await cluster.call(n1!, P.register, ['one_day_fly', self, 'value'])
      expect((await cluster.call(n1!, R.entries, [])).map((e) => e.key)).toEqual(['one_day_fly'])
      await waitUntil(async () =>
        expect((await cluster.call(n2!, R.entries, [])).map((e) => e.key)).toEqual(['one_day_fly']),
      )
      await cluster.call(n1!, P.unregister, ['one_day_fly'])
      expect(await cluster.call(n1!, R.entries, [])).toEqual([])
      await waitUntil(async () => expect(await cluster.call(n2!, R.entries, [])).toEqual([]))
    })
  })

  describe('.unregister_match/4', () => {
    test('unregisters matching processes', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['to_unregister', self, 'match_unregister'])
      await cluster.call(n1, P.register, ['another_key', self, { value: 12 }])
      await cluster.call(n1, R.unregisterMatch, ['another_key', { $gt: ['value', 12] }])
      expect((await cluster.call(n1, P.keysOf, [self])).sort()).toEqual(['another_key', 'to_unregister'])
      await cluster.call(n1, R.unregisterMatch, ['another_key', { $gt: ['value', 11] }])
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual(['to_unregister'])
      await cluster.call(n1, R.unregisterMatch, ['to_unregister', "doesn't match"])
      expect(await cluster.call(n1, P.lookup, ['to_unregister'])).toEqual([
        { pid: self, value: 'match_unregister' },
      ])
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual(['to_unregister'])
      await cluster.call(n1, R.unregisterMatch, ['to_unregister', 'match_unregister'])
      expect(await cluster.call(n1, P.lookup, ['to_unregister'])).toEqual([])
      expect(await cluster.call(n1, P.keysOf, [self])).toEqual([])
    })
  })
})
