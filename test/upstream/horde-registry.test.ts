/**
 * Port of Horde's test/registry_test.exs (derekkraan/horde) onto our registry, one test per upstream
 * test, same name, same assertion, on real nodes. Horde's `self()` becomes a probe process; its
 * `Process.sleep` waits become `waitUntil`. Not ported (Erlang match specs, OTP child specs, module
 * based registries): listed in fixtures/registry/README.md.
 */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const P = remote<typeof import('#test-nodes/registry-probe')>('#test-nodes/registry-probe')
const R = remote<typeof import('#test-nodes/upstream-registry')>('#test-nodes/upstream-registry')
const boot = ['#test-nodes/registry-probe', '#test-nodes/upstream-registry']
/** Each node alone in its registry until `setMembers` joins them (Horde's separate hordes). */
const alone = (cluster: { name: string }, k: number) => ({
  boot,
  config: { registry: { members: [`${cluster.name}-${k}`] } },
})

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

  describe('.dispatch/4', () => {
    test('dispatches to correct processes', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['d1', self, 'value1'])
      expect(await cluster.call(n1, R.dispatchValue, ['d1'])).toBe(true)
      await waitUntil(async () =>
        expect(await cluster.call(n1, P.callProbe, [self, { op: 'seen' }])).toEqual({
          ok: true,
          value: [{ info: { value: 'value1' } }],
        }),
      )
      expect(await cluster.call(n1, R.dispatchValue, ['d2'])).toBe(false)
    })
  })

  describe('.count/1', () => {
    test('returns correct number', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['foo', self, 'foo'])
      await cluster.call(n1, P.register, ['bar', self, 'bar'])
      expect(await cluster.call(n1, P.count, [])).toBe(2)
    })
  })

  describe('.count_match/4', () => {
    test('returns correct number', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['foo', self, 'foo'])
      await cluster.call(n1, P.register, ['bar', self, { bar: 33 }])
      expect(await cluster.call(n1, R.countMatch, ['foo', '_'])).toBe(1)
      expect(await cluster.call(n1, R.countMatch, ['bar', { bar: 34 }])).toBe(0)
      expect(await cluster.call(n1, R.countMatch, ['bar', { bar: 33 }])).toBe(1)
      expect(await cluster.call(n1, R.countMatch, ['bar', { $gt: ['bar', 34] }])).toBe(0)
      expect(await cluster.call(n1, R.countMatch, ['bar', { $gt: ['bar', 32] }])).toBe(1)
    })
  })

  describe('.match/4', () => {
    test('returns correct pids / values', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['foo', self, 'foo'])
      await cluster.call(n1, P.register, ['bar', self, { bar: 33 }])
      expect(await cluster.call(n1, R.match, ['foo', '_'])).toEqual([{ pid: self, value: 'foo' }])
      expect(await cluster.call(n1, R.match, ['bar', { bar: 34 }])).toEqual([])
      expect(await cluster.call(n1, R.match, ['bar', { bar: 33 }])).toEqual([
        { pid: self, value: { bar: 33 } },
      ])
      expect(await cluster.call(n1, R.match, ['bar', { $gt: ['bar', 34] }])).toEqual([])
      expect(await cluster.call(n1, R.match, ['bar', { $gt: ['bar', 32] }])).toEqual([
        { pid: self, value: { bar: 33 } },
      ])
    })
  })

  describe('.update_value/3', () => {
    test('updates value', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      const self = await cluster.call(n1!, P.spawnProbe, [])
      await cluster.call(n1!, P.register, ['foo', self, 'foo'])
      expect(await cluster.call(n1!, R.updateValue, ['foo', self, 'bar'])).toEqual({
        ok: true,
        value: 'bar',
        previous: 'foo',
      })
      await waitUntil(async () =>
        expect(await cluster.call(n2!, P.lookup, ['foo'])).toEqual([{ pid: self, value: 'bar' }]),
      )
    })

    test('can only update own values', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const task = await cluster.call(n1, P.spawnProbe, [])
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['foo', task, 'bar'])
      expect(await cluster.call(n1, R.updateValue, ['foo', self, 'baz'])).toEqual({ ok: false })
    })
  })

  describe('lookup', () => {
    test('existing process with lookup/2', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['carmen', self, 'foo'])
      expect(await cluster.call(n1, P.lookup, ['carmen'])).toEqual([{ pid: self, value: 'foo' }])
    })
  })

  describe('sending messages', () => {
    test('sending message to non-existing process', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['carmen', self, 'carmen'])
      expect(await cluster.call(n1, R.sendByName, ['probe', 'santiago', 'Where are you?'])).toEqual({
        ok: false,
        name: 'NameNotRegisteredError',
      })
    })

    test('sending message to non-existing horde', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      expect(await cluster.call(n1, R.sendByName, ['does-not-exist', 'santiago', 'Where are you?'])).toEqual({
        ok: false,
        name: 'RegistryNotStartedError',
      })
    })

    test('sending message to existing process', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const self = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['carmen', self, 'carmen'])
      expect(await cluster.call(n1, R.sendByName, ['probe', 'carmen', 'Where are you?'])).toEqual({
        ok: true,
      })
      await waitUntil(async () =>
        expect(await cluster.call(n1, P.callProbe, [self, { op: 'seen' }])).toEqual({
          ok: true,
          value: [{ info: 'Where are you?' }],
        }),
      )
    })
  })

  describe('.meta/2, .put_meta/3 and .delete_meta/2', () => {
    test('can set meta in start_link/3', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot, config: { registry: { meta: { meta_key: 'meta_value' } } } })
      expect(await cluster.call(n1, R.getMeta, ['meta_key'])).toEqual({ ok: true, value: 'meta_value' })
    })

    test('can put and get metadata', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      await cluster.call(n1, R.putMeta, ['custom_key', 'custom_value'])
      expect(await cluster.call(n1, R.getMeta, ['custom_key'])).toEqual({ ok: true, value: 'custom_value' })
    })

    test('meta/2 returns :error when no entry present', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      await cluster.call(n1, R.putMeta, ['custom_key', 'custom_value'])
      expect(await cluster.call(n1, R.getMeta, ['non_existent'])).toEqual({ ok: false })
    })

    test('meta is propagated', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      await cluster.call(n1!, R.putMeta, ['a_key', 'a_value'])
      await waitUntil(async () =>
        expect(await cluster.call(n2!, R.getMeta, ['a_key'])).toEqual({ ok: true, value: 'a_value' }),
      )
    })

    test('delete_meta is propagated', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      await cluster.call(n1!, R.putMeta, ['a_key', 'a_value'])
      await waitUntil(async () =>
        expect(await cluster.call(n2!, R.getMeta, ['a_key'])).toEqual({ ok: true, value: 'a_value' }),
      )
      await cluster.call(n1!, R.deleteMeta, ['a_key'])
      await waitUntil(async () =>
        expect(await cluster.call(n2!, R.getMeta, ['a_key'])).toEqual({ ok: false }),
      )
    })
  })

  describe('failure scenarios', () => {
    test('a process exits and is cleaned up', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const pid = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['key', pid, null])
      expect(await cluster.call(n1, P.lookup, ['key'])).toEqual([{ pid, value: null }])
      expect(await cluster.call(n1, R.countMatch, ['key', '_'])).toBe(1)
      await cluster.call(n1, P.callProbe, [pid, { op: 'stop', reason: 'normal' }])
      await waitUntil(async () => expect(await cluster.call(n1, R.countMatch, ['key', '_'])).toBe(0))
      expect(await cluster.call(n1, P.keysOf, [pid])).toEqual([])
    })

    test('a node is removed from the cluster and its processes are cleaned up', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      const pid = await cluster.call(n1!, P.spawnProbe, [])
      await cluster.call(n1!, P.register, ['key', pid, null])
      await waitUntil(async () => {
        for (const n of [n1!, n2!])
          expect(await cluster.call(n, P.lookup, ['key'])).toEqual([{ pid, value: null }])
      })
      await cluster.call(n2!, R.setMembers, [[n2!.name]])
      expect(await cluster.call(n2!, R.entries, [])).toEqual([])
      expect(await cluster.call(n2!, P.lookup, ['key'])).toEqual([])
    })
  })

  describe('listeners', () => {
    const events = (es: Array<{ type: string; key: string; pid: unknown; value?: unknown }>) =>
      es.map(({ type, key, pid, value }) =>
        type === 'register' ? { type, key, pid, value } : { type, key, pid },
      )

    test('receives :register and :unregister events', async ({ cluster }) => {
      const n1 = await cluster.startNode({ boot })
      const task = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['task', task, 'task_value'])
      await cluster.call(n1, P.callProbe, [task, { op: 'stop', reason: 'normal' }])
      await waitUntil(async () =>
        expect(events(await cluster.call(n1, P.eventsSeen, []))).toEqual([
          { type: 'register', key: 'task', pid: task, value: 'task_value' },
          { type: 'unregister', key: 'task', pid: task },
        ]),
      )
    })

    test('receives :register and :unregister from another node', async ({ cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, { boot })
      const task = await cluster.call(n2!, P.spawnProbe, [])
      await cluster.call(n2!, P.register, ['task', task, 'task_value'])
      await cluster.call(n2!, P.callProbe, [task, { op: 'stop', reason: 'normal' }])
      await waitUntil(async () =>
        expect(events(await cluster.call(n1!, P.eventsSeen, []))).toEqual([
          { type: 'register', key: 'task', pid: task, value: 'task_value' },
          { type: 'unregister', key: 'task', pid: task },
        ]),
      )
    })

    test('receives :unregister and :register for conflicting processes', async ({ cluster }) => {
      const n1 = await cluster.startNode(alone(cluster, 1))
      const n2 = await cluster.startNode(alone(cluster, 2))
      const t1 = await cluster.call(n1, P.spawnProbe, [])
      await cluster.call(n1, P.register, ['task', t1, 'task_value'])
      const t2 = await cluster.call(n2, P.spawnProbe, [])
      await cluster.call(n2, P.register, ['task', t2, 'task_value'])
      await waitUntil(async () =>
        expect(events(await cluster.call(n1, P.eventsSeen, []))).toEqual([
          { type: 'register', key: 'task', pid: t1, value: 'task_value' },
        ]),
      )
      for (const n of [n1, n2]) await cluster.call(n, R.setMembers, [[n1.name, n2.name]])
      await waitUntil(async () =>
        expect(events(await cluster.call(n1, P.eventsSeen, [])).slice(1, 3)).toEqual([
          { type: 'unregister', key: 'task', pid: t1 },
          { type: 'register', key: 'task', pid: t2, value: 'task_value' },
        ]),
      )
    })
  })
})
