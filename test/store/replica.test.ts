import fc from 'fast-check'
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'vitest'
import { DeltaCrdt, type Diff } from '../../fixtures/store/index.js'
import { MemoryNetwork } from '../support/memory-network.js'
import { memoryCluster } from './memory-cluster.js'

function keys(n: number, prefix = 'k'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`)
}

describe('replica: local operations', () => {
  test('RS-3: merge, drop, take, toMap', async () => {
    await using c = memoryCluster()
    const a = c.start('a')
    expect(a.merge({ a: 1, b: 2 })).toBe(a)
    expect(a.drop(['b', 'zz'])).toBe(a)
    expect(a.toMap()).toEqual(new Map([['a', 1]]))
    expect(a.take(['a', 'zz'])).toEqual(new Map([['a', 1]]))
    expect(a.put('c', 3).delete('c').get('c')).toBeUndefined()
  })

  test('RS-5: a read right after a write on the same replica sees it (1,000 random operations)', async () => {
    await using c = memoryCluster()
    const a = c.start('a')
    const model = new Map<string, unknown>()
    const op = fc.oneof(
      fc.tuple(fc.constant('put' as const), fc.constantFrom(...keys(20)), fc.integer()),
      fc.tuple(fc.constant('delete' as const), fc.constantFrom(...keys(20)), fc.constant(0)),
    )
    for (const [kind, key, value] of fc.sample(op, { numRuns: 1000, seed: 42 })) {
      if (kind === 'put') {
        a.put(key, value)
        model.set(key, value)
      } else {
        a.delete(key)
        model.delete(key)
      }
      expect(a.get(key)).toEqual(model.get(key))
    }
    expect(a.toMap()).toEqual(model)
  })

  test('RS-1: defaults, and a non-positive maxSyncSize is refused', async () => {
    await using c = memoryCluster({ syncIntervalMs: undefined })
    const a = c.start('a', { syncIntervalMs: undefined })
    expect([a.syncIntervalMs, a.maxSyncSize, a.push]).toEqual([200, 200, true])
    const t = new MemoryNetwork().transport('x')
    expect(() => DeltaCrdt.start({ name: 's', maxSyncSize: 0, transport: t })).toThrow(RangeError)
    expect(() => DeltaCrdt.start({ name: 's', maxSyncSize: 1.5, transport: t })).toThrow(RangeError)
    const inf = DeltaCrdt.start({ name: 's', maxSyncSize: 'infinite', transport: t })
    expect(inf.maxSyncSize).toBe(Number.POSITIVE_INFINITY)
    await inf.stop()
  })

  test('RS-12 (our choice): null is a stored value, undefined is refused', async () => {
    await using c = memoryCluster()
    const [a, b] = [c.start('a'), c.start('b')]
    c.mesh()
    a.put('n', null)
    expect(a.toMap()).toEqual(new Map([['n', null]]))
    expect(() => a.put('u', undefined)).toThrow(TypeError)
    expect(() => a.merge({ ok: 1, u: undefined })).toThrow(TypeError)
    expect(a.get('ok')).toBeUndefined()
    await waitUntil(() => expect(b.toMap()).toEqual(new Map([['n', null]])))
  })
})

describe('replica: onDiffs', () => {
  test('reports resolved-value changes after commit, in order; a throwing callback is logged, not fatal', async () => {
    await using c = memoryCluster()
    const seen: Array<[number, Diff<unknown>[]]> = []
    const a = c.start('a', {
      onDiffs: (diffs, seq) => {
        seen.push([seq, diffs])
        if (diffs.some((d) => d.key === 'boom')) throw new Error('callback exploded')
      },
    })
    a.put('x', 1).put('x', 1).put('x', { v: 2 }).delete('x').delete('nope')
    a.merge({ y: 1, z: 2 })
    a.put('boom', 1).put('after', 1)
    expect(seen).toEqual([
      [1, [{ type: 'add', key: 'x', value: 1 }]],
      [2, [{ type: 'add', key: 'x', value: { v: 2 } }]],
      [3, [{ type: 'remove', key: 'x' }]],
      [
        4,
        [
          { type: 'add', key: 'y', value: 1 },
          { type: 'add', key: 'z', value: 2 },
        ],
      ],
      [5, [{ type: 'add', key: 'boom', value: 1 }]],
      [6, [{ type: 'add', key: 'after', value: 1 }]],
    ])
    expect(c.logs.join('\n')).toMatch(/onDiffs #5 threw: Error: callback exploded/)
    expect(a.get('after')).toBe(1)
  })

  test('a received batch is reported once, with every key it changed (RS-25)', async () => {
    await using c = memoryCluster()
    const batches: Diff<unknown>[][] = []
    const a = c.start('a', { push: false })
    c.start('b', { onDiffs: (d) => void batches.push(d) })
    a.merge({ p: 1, q: 2, r: 3 })
    a.setNeighbours(['b'])
    await waitUntil(() => expect(batches.flat()).toHaveLength(3))
    expect(batches).toHaveLength(1)
  })
})

describe('replica: replication', () => {
  test('RS-4: neighbours are one-way', async () => {
    await using c = memoryCluster()
    const [a, b] = [c.start('a'), c.start('b')]
    a.setNeighbours(['b'])
    a.put('from-a', 1)
    b.put('from-b', 1)
    await waitUntil(() => expect(b.get('from-a')).toBe(1))
    // Let A run several complete rounds with B after B's write: still nothing flows back.
    const done = a.stats().exchangesCompleted
    await waitUntil(() => a.stats().exchangesCompleted >= done + 3)
    expect(a.get('from-b')).toBeUndefined()
    expect(b.stats().messagesSent - b.stats().acksSent - b.stats().repliesSent).toBe(0)
  })

  test('a neighbour that is ahead is not sent stale state', async () => {
    await using c = memoryCluster({ push: false })
    const [a, b] = [c.start('a'), c.start('b')]
    a.setNeighbours(['b'])
    a.merge(Object.fromEntries(keys(100).map((k) => [k, 'old'])))
    await waitUntil(() => expect(a.stats().keysRepaired).toBe(100))
    b.merge(Object.fromEntries(keys(100).map((k) => [k, 'new'])))
    const before = a.stats()
    await waitUntil(() => a.stats().exchangesCompleted >= before.exchangesCompleted + 3)
    expect(a.stats().keysRepaired).toBe(before.keysRepaired)
    expect(b.get('k7')).toBe('new')
  })

  test('RS-17: transitive through a one-way chain, never backwards', async () => {
    await using c = memoryCluster()
    const [a, b, cc] = [c.start('a'), c.start('b'), c.start('c')]
    a.setNeighbours(['b'])
    b.setNeighbours(['c'])
    a.put('k', 'A')
    cc.put('back', 'C')
    await waitUntil(() => expect(cc.get('k')).toBe('A'))
    const done = b.stats().exchangesCompleted
    await waitUntil(() => b.stats().exchangesCompleted >= done + 2)
    expect([a.get('back'), b.get('back')]).toEqual([undefined, undefined])
  })

  test('RS-19: 1,000 keys with maxSyncSize 10 all arrive, in both directions, push off', async () => {
    await using c = memoryCluster({ maxSyncSize: 10, push: false })
    const [a, b] = [c.start('a'), c.start('b')]
    a.merge(Object.fromEntries(keys(1000).map((k) => [k, k])))
    b.merge(Object.fromEntries(keys(500, 'b').map((k) => [k, k])))
    c.mesh()
    await waitUntil(() => {
      expect(a.toMap().size).toBe(1500)
      expect(b.toMap().size).toBe(1500)
      // Counted when the exchange completes, a moment after the last batch was applied.
      expect(a.stats().keysRepaired).toBeGreaterThanOrEqual(1000)
    })
  })

  test('RS-19: 2,000 sequential puts while connected, maxSyncSize 10, all arrive', async () => {
    await using c = memoryCluster({ maxSyncSize: 10 })
    const [a, b] = [c.start('a'), c.start('b')]
    c.mesh()
    for (const k of keys(2000)) a.put(k, 1)
    await waitUntil(() => expect(b.toMap().size).toBe(2000))
  })

  test('RS-22: flush resolves once every neighbour holds every earlier write; stop flushes', async () => {
    await using c = memoryCluster({ syncIntervalMs: 60_000 })
    const [a, b, cc] = [c.start('a', { push: false }), c.start('b'), c.start('c')]
    c.mesh()
    a.put('k', 1)
    expect(await a.flush(5000)).toEqual({ complete: true, pending: [] })
    expect([b.get('k'), cc.get('k')]).toEqual([1, 1])
    a.put('last', 2)
    expect((await a.stop()).complete).toBe(true)
    expect([b.get('last'), cc.get('last')]).toEqual([2, 2])
  })

  test('flush reports neighbours that cannot confirm in time', async () => {
    await using c = memoryCluster({ requestTimeoutMs: 50 })
    const [a] = [c.start('a'), c.start('b')]
    a.setNeighbours(['b', 'ghost'])
    a.put('k', 1)
    expect(await a.flush(200)).toEqual({ complete: false, pending: ['ghost'] })
  })

  test('flush does not wait for a peer that does not run the replica', async () => {
    await using c = memoryCluster()
    const a = c.start('a')
    c.net.transport('plain') // a node without this replica
    a.setNeighbours(['plain'])
    a.put('k', 1)
    const started = performance.now()
    expect(await a.flush(60_000)).toEqual({ complete: false, pending: ['plain'] })
    expect(performance.now() - started).toBeLessThan(30_000)
  })

  test('RS-21: a killed neighbour restarted empty under the same name catches up', async () => {
    await using c = memoryCluster()
    const [a, b] = [c.start('a'), c.start('b')]
    c.mesh()
    a.merge(Object.fromEntries(keys(100).map((k) => [k, 1])))
    await waitUntil(() => expect(b.toMap().size).toBe(100))
    await b.stop({ flush: false })
    c.net.remove('b')
    for (const k of keys(50, 'x')) a.put(k, 2)
    const b2 = c.start('b')
    b2.setNeighbours(['a'])
    await waitUntil(() => expect(b2.toMap()).toEqual(a.toMap()))
  })

  test('add-wins and agreement across replicas after a partition (RS-8b, RS-9)', async () => {
    await using c = memoryCluster()
    const [a, b] = [c.start('a'), c.start('b')]
    c.mesh()
    a.put('k', 'v1')
    await waitUntil(() => expect(b.get('k')).toBe('v1'))
    c.net.partition(['a'], ['b'])
    b.delete('k')
    a.put('k', 'v2').put('both', 'a')
    b.put('both', 'b')
    c.net.heal()
    await waitUntil(() => {
      expect(a.get('k')).toBe('v2')
      expect(b.get('k')).toBe('v2')
      expect(a.get('both')).toBe(b.get('both'))
      expect(a.entry('both')?.siblings).toHaveLength(2)
    })
  })

  test('5 replicas, writers everywhere, 20% message loss: converge to one map', async () => {
    await using c = memoryCluster({ requestTimeoutMs: 30, maxSyncSize: 7 })
    const names = ['a', 'b', 'c', 'd', 'e']
    const rs = names.map((n) => c.start(n))
    c.mesh()
    c.net.loss = 0.2
    for (let i = 0; i < 300; i++) {
      const r = rs[i % rs.length]!
      if (i % 7 === 3) r.delete(`k${(i * 13) % 40}`)
      else r.put(`k${(i * 13) % 40}`, i)
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await waitUntil(
      () => {
        const first = rs[0]!.toMap()
        for (const r of rs) expect(r.toMap()).toEqual(first)
      },
      { timeoutMs: 20_000 },
    )
  })
})
