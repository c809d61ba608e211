/**
 * Port of delta_crdt_ex's delta_subscriber_test.exs (derekkraan/delta_crdt_ex): replicas in process over
 * the in-memory network. One test per upstream test, same name and assertion; `Process.sleep` waits are
 * `waitUntil`.
 */
import fc from 'fast-check'
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'vitest'
import { DeltaCrdt, type Diff } from '../../fixtures/store/index.js'
import { MemoryNetwork } from '../support/memory-network.js'

describe('delta_crdt_ex delta_subscriber_test.exs', () => {
  const replica = (net: MemoryNetwork, name: string, onDiffs?: (d: Diff<unknown>[]) => void) =>
    DeltaCrdt.start<unknown>({
      name: 'c',
      syncIntervalMs: 50,
      transport: net.transport(name),
      ...(onDiffs ? { onDiffs } : {}),
    })

  for (const how of ['MFA', 'function']) {
    test(`receives deltas updates with ${how}`, async () => {
      const got: Diff<unknown>[][] = []
      const c1 = replica(new MemoryNetwork(), 'n1', (d) => got.push(d))
      c1.put('Derek', 'Kraan')
      expect(got).toEqual([[{ type: 'add', key: 'Derek', value: 'Kraan' }]])
      c1.put('Derek', 'Kraan')
      expect(got).toHaveLength(1)
      // RS-12 differs on purpose: `put(k, nil)` removes upstream; here `delete` does, and null is a value.
      c1.delete('Derek')
      expect(got[1]).toEqual([{ type: 'remove', key: 'Derek' }])
      await c1.stop({ flush: false })
    })
  }

  test('updates are bundled', async () => {
    const net = new MemoryNetwork()
    const c1 = replica(net, 'n1')
    const got: Diff<unknown>[][] = []
    const c2 = replica(net, 'n2', (d) => got.push(d))
    for (const k of ['Derek', 'Andrew', 'Nathan']) c1.put(k, 'Kraan')
    c1.setNeighbours(['n2'])
    c2.setNeighbours(['n1'])
    await waitUntil(() => expect(got.length).toBeGreaterThan(0))
    expect(Object.fromEntries(got[0]!.map((d) => [d.key, d.type === 'add' ? d.value : null]))).toEqual({
      Derek: 'Kraan',
      Andrew: 'Kraan',
      Nathan: 'Kraan',
    })
    await Promise.all([c1.stop({ flush: false }), c2.stop({ flush: false })])
  })

  test('add and remove operations result in correct map (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('add', 'remove'),
            key: fc.string({ maxLength: 3 }),
            value: fc.jsonValue(),
          }),
        ),
        async (ops) => {
          const built = new Map<string, unknown>()
          const c1 = replica(new MemoryNetwork(), 'n1', (diffs) => {
            for (const d of diffs) d.type === 'add' ? built.set(d.key, d.value) : built.delete(d.key)
          })
          const expected = new Map<string, unknown>()
          for (const o of ops) {
            if (o.op === 'add') {
              c1.put(o.key, o.value)
              expected.set(o.key, o.value)
            } else {
              c1.delete(o.key)
              expected.delete(o.key)
            }
          }
          expect(built).toEqual(expected)
          await c1.stop({ flush: false })
        },
      ),
      { numRuns: 50 },
    )
  })
})
