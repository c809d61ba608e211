/** Port of Horde's test/registry_test.exs: meta, failure scenarios and listeners (see horde-registry-setup.ts). */
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { alone, boot, P, R } from './horde-registry-setup.js'

describe('Horde.Registry (registry_test.exs)', () => {
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
