/**
 * Port of delta_crdt_ex's aw_lww_map_test.exs and aw_lww_map_property_test.exs (derekkraan/delta_crdt_ex)
 * on the pure map, in process. One test per upstream test, same name and assertion.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { AwLwwMap } from '../../fixtures/store/aw-lww-map.js'
import { HybridClock } from '../../fixtures/store/hlc.js'

/** The pure map, as upstream's AWLWWMap tests use it: `add`/`remove` on one state, `join` of two. */
function fresh(id = 'foo_node'): AwLwwMap<unknown> {
  return new AwLwwMap<unknown>(id, new HybridClock())
}
const read = (m: AwLwwMap<unknown>) => Object.fromEntries(m.toMap())

describe('delta_crdt_ex aw_lww_map_test.exs', () => {
  test('can add and read a value', () => {
    const m = fresh()
    m.put('1', 2)
    expect(read(m)).toEqual({ 1: 2 })
  })

  test('can join two adds', () => {
    const a = fresh()
    a.put('1', 2)
    const b = fresh('other')
    b.put('2', 2)
    a.join('2', b.entry('2')!)
    expect(read(a)).toEqual({ 1: 2, 2: 2 })
  })

  test('can add multiple values and only read one', () => {
    const m = fresh()
    m.put('1', 2)
    m.put('2', 3)
    expect(m.get('1')).toBe(2)
  })

  test('can remove elements', () => {
    const a = fresh()
    const add1 = a.put('1', 2)
    const b = fresh('other')
    b.join('1', add1)
    const remove1 = b.delete('1')!
    a.join('1', remove1)
    expect(read(a)).toEqual({})
  })

  test('can resolve conflicts', () => {
    const a = fresh()
    const add1 = a.put('1', 2)
    const add2 = a.put('1', 3)
    const b = fresh('other')
    b.join('1', add1)
    b.join('1', add2)
    expect(read(b)).toEqual({ 1: 3 })
  })

  test('can compute actual dots present', () => {
    const a = fresh()
    a.put('1', 2)
    const change1 = a.put('1', 3)
    const b = fresh('other')
    b.join('1', change1)
    expect(b.entry('1')!.siblings).toHaveLength(1)
  })

  test('arbitrary add and remove sequence results in correct map (property)', () => {
    const op = fc.record({
      op: fc.constantFrom('add', 'remove'),
      key: fc.string({ maxLength: 3 }),
      value: fc.jsonValue(),
      node: fc.constantFrom('n1', 'n2', 'n3'),
    })
    fc.assert(
      fc.property(fc.array(op), (ops) => {
        const replicas = new Map<string, AwLwwMap<unknown>>()
        const state = fresh('seed')
        const expected = new Map<string, unknown>()
        for (const o of ops) {
          // Each op is made by `node` on the current state, then joined back (upstream's reduce).
          const r = replicas.get(o.node) ?? fresh(o.node)
          replicas.set(o.node, r)
          const e = state.entry(o.key)
          if (e !== undefined) r.join(o.key, e)
          const delta = o.op === 'add' ? r.put(o.key, o.value) : r.delete(o.key)
          if (delta !== undefined) state.join(o.key, delta)
          if (o.op === 'add') expected.set(o.key, o.value)
          else expected.delete(o.key)
        }
        expect(state.toMap()).toEqual(expected)
      }),
    )
  })
})

describe('delta_crdt_ex aw_lww_map_property_test.exs', () => {
  const key = fc.string({ maxLength: 5 })
  const node = fc.string({ minLength: 1, maxLength: 4 }).map((s) => `n-${s}`)

  test('.add/4 can add an element', () => {
    fc.assert(
      fc.property(key, fc.jsonValue(), node, (k, val, id) => {
        const empty = fresh('empty')
        empty.join(k, fresh(id).put(k, val))
        expect(read(empty)).toEqual({ [k]: val })
      }),
    )
  })

  test('arbitrary add and remove sequence results in correct map', () => {
    const op = fc.record({ op: fc.constantFrom('add', 'remove'), key, value: fc.jsonValue(), node })
    fc.assert(
      fc.property(fc.array(op), (ops) => {
        const map = fresh('map')
        const expected = new Map<string, unknown>()
        for (const o of ops) {
          // `add(key, val, node_id, map)` makes a delta from `map` as that node: a replica that holds it.
          const actor = fresh(o.node)
          const seen = map.entry(o.key)
          if (seen !== undefined) actor.join(o.key, seen)
          const delta = o.op === 'add' ? actor.put(o.key, o.value) : actor.delete(o.key)
          if (delta !== undefined) map.join(o.key, delta)
          if (o.op === 'add') expected.set(o.key, o.value)
          else expected.delete(o.key)
        }
        expect(map.toMap()).toEqual(expected)
      }),
    )
  })

  test('.remove/3 can remove an element', () => {
    fc.assert(
      fc.property(key, fc.jsonValue(), node, (k, val, id) => {
        const crdt = fresh('crdt')
        const actor = fresh(id)
        crdt.join(k, actor.put(k, val))
        crdt.join(k, actor.delete(k)!)
        expect(read(crdt)).toEqual({})
      }),
    )
  })
})
