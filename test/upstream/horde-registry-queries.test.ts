/** Port of Horde's test/registry_test.exs: dispatch, count, match, update_value, lookup and sending messages (see horde-registry-setup.ts). */
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { boot, P, R } from './horde-registry-setup.js'

describe('Horde.Registry (registry_test.exs)', () => {
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
})
