import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  AwLwwMap,
  compareSiblings,
  type Entry,
  HybridClock,
  joinEntry,
  resolveEntry,
} from '../../fixtures/store/index.js'
import { historyArb, KEYS, newReplicas, run, ship, snapshot } from './crdt-model.js'

const NUM_RUNS = 300

/** Entries of one key on the three replicas after a random history (undefined where never seen). */
function entriesAfter(ops: Parameters<typeof run>[0], key: string): Entry<number>[] {
  return run(ops)
    .replicas.map((r) => r.entry(key))
    .filter((e): e is Entry<number> => e !== undefined)
}

describe('join laws (per key, on states reached by random histories)', () => {
  test('commutative, associative, idempotent', () => {
    fc.assert(
      fc.property(historyArb, fc.constantFrom(...KEYS), (ops, key) => {
        const [a, b, c] = entriesAfter(ops, key)
        if (a === undefined) return
        expect(joinEntry(a, a)).toEqual(a)
        if (b === undefined) return
        expect(joinEntry(a, b)).toEqual(joinEntry(b, a))
        if (c === undefined) return
        expect(joinEntry(joinEntry(a, b), c)).toEqual(joinEntry(a, joinEntry(b, c)))
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('joining a state into itself or a subset of itself changes nothing', () => {
    fc.assert(
      fc.property(historyArb, (ops) => {
        const { replicas } = run(ops)
        const r = replicas[0]!
        const before = snapshot(r)
        ship(r, r, KEYS)
        expect(snapshot(r)).toEqual(before)
      }),
      { numRuns: NUM_RUNS },
    )
  })
})

describe('delivery', () => {
  test('any order and duplication of the write deltas converges to the same state', () => {
    fc.assert(
      fc.property(
        historyArb.chain((ops) => {
          const n = run(ops).deltas.length
          const order = fc.array(fc.nat({ max: Math.max(0, n - 1) }), { maxLength: n * 2 })
          return fc.tuple(
            fc.constant(ops),
            fc.shuffledSubarray([...Array(n).keys()], { minLength: n }),
            order,
          )
        }),
        ([ops, permutation, duplicates]) => {
          const { deltas } = run(ops)
          const inOrder = newReplicas()[0]!
          for (const [key, entry] of deltas) inOrder.join(key, entry)
          const shuffled = newReplicas()[1]!
          for (const i of [...permutation, ...duplicates]) if (deltas[i]) shuffled.join(...deltas[i])
          expect(snapshot(shuffled)).toEqual(snapshot(inOrder))
          expect(shuffled.toMap()).toEqual(inOrder.toMap())
        },
      ),
      { numRuns: NUM_RUNS },
    )
  })

  test('replicas that exchanged everything agree, whatever happened before', () => {
    fc.assert(
      fc.property(historyArb, (ops) => {
        const { replicas } = run(ops)
        for (const from of replicas) for (const to of replicas) ship(from, to, KEYS)
        const [r0, r1, r2] = replicas.map(snapshot)
        expect(r1).toEqual(r0)
        expect(r2).toEqual(r0)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('the state after delivering all write deltas equals the state replicas reach by syncing', () => {
    fc.assert(
      fc.property(historyArb, (ops) => {
        const { replicas, deltas } = run(ops)
        for (const from of replicas) for (const to of replicas) ship(from, to, KEYS)
        const fromDeltas = newReplicas()[0]!
        for (const d of deltas) fromDeltas.join(...d)
        expect(fromDeltas.toMap()).toEqual(replicas[0]!.toMap())
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('a partial batch never loses keys (RS-19): shipping any subset keeps every key the receiver had', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.array(fc.uniqueArray(fc.constantFrom(...KEYS)), { maxLength: 6 }),
        (ops, batches) => {
          const { replicas } = run(ops)
          const [sender, receiver] = replicas as [AwLwwMap<number>, AwLwwMap<number>]
          for (const batch of batches) {
            const before = receiver.toMap()
            ship(sender, receiver, batch)
            const after = receiver.toMap()
            // Keys outside the batch are untouched; keys in it only change by the sender's knowledge.
            for (const [key, value] of before) if (!batch.includes(key)) expect(after.get(key)).toEqual(value)
          }
          ship(sender, receiver, KEYS)
          // Everything the sender holds that the receiver had not deleted concurrently is now readable.
          for (const key of KEYS) {
            const joined = joinEntry(
              sender.entry(key) ?? { vv: [], siblings: [] },
              receiver.entry(key) ?? { vv: [], siblings: [] },
            )
            expect(receiver.get(key)).toEqual(resolveEntry(joined))
          }
        },
      ),
      { numRuns: NUM_RUNS },
    )
  })

  test('1,000 keys shipped in batches of 10, in any order, all arrive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer(), (size, seed) => {
        const [a, b] = newReplicas()
        const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`)
        for (const k of keys) a!.put(k, 1)
        b!.put('own', 2)
        const batches: string[][] = []
        for (let i = 0; i < keys.length; i += size) batches.push(keys.slice(i, i + size))
        const order = fc.sample(fc.shuffledSubarray(batches, { minLength: batches.length }), {
          seed,
          numRuns: 1,
        })[0]!
        for (const batch of order) ship(a!, b!, batch)
        expect(b!.toMap().size).toBe(1001)
      }),
      { numRuns: 10 },
    )
  })
})

describe('conflict semantics', () => {
  test('add wins: a put concurrent with a delete survives, in either join order (RS-8a/b)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (aFirst, seenBefore) => {
        const [a, b] = newReplicas()
        if (seenBefore) {
          a!.put('k', 1)
          ship(a!, b!, ['k'])
        } else b!.put('k', 0)
        b!.delete('k')
        a!.put('k', 2)
        const [x, y] = aFirst ? [a!, b!] : [b!, a!]
        ship(x, y, ['k'])
        ship(y, x, ['k'])
        expect(a!.get('k')).toBe(2)
        expect(b!.get('k')).toBe(2)
      }),
    )
  })

  test('concurrent deletes on both sides leave the key absent everywhere (RS-8c)', () => {
    const [a, b] = newReplicas()
    a!.put('k', 1)
    ship(a!, b!, ['k'])
    a!.delete('k')
    b!.delete('k')
    ship(a!, b!, ['k'])
    ship(b!, a!, ['k'])
    expect(a!.toMap().size).toBe(0)
    expect(b!.toMap().size).toBe(0)
  })

  test('a causally later write wins whatever the clocks say (RS-11)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: -1e9, max: 1e9 }),
        (skewA, skewB) => {
          const [a, b, c] = newReplicas([skewA, skewB, 0])
          a!.put('k', 1)
          ship(a!, b!, ['k'])
          b!.put('k', 2)
          ship(a!, c!, ['k'])
          ship(b!, c!, ['k'])
          ship(b!, a!, ['k'])
          for (const r of [a!, b!, c!]) expect(r.get('k')).toBe(2)
          expect(c!.entry('k')!.siblings).toHaveLength(1)
        },
      ),
    )
  })

  test('sequential puts on one replica: the last one is read everywhere (RS-7)', () => {
    const [a, b] = newReplicas()
    for (const v of [1, 2, 3]) a!.put('x', v)
    ship(a!, b!, ['x'])
    expect(b!.get('x')).toBe(3)
  })

  test('concurrent puts keep both siblings and every replica reads the larger (ts, replica id) (RS-9)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), (skew) => {
        const [a, b] = newReplicas([0, skew])
        a!.put('k', 1)
        b!.put('k', 2)
        ship(a!, b!, ['k'])
        ship(b!, a!, ['k'])
        const siblings = a!.entry('k')!.siblings
        expect(siblings).toHaveLength(2)
        const expected = [...siblings].sort(compareSiblings).at(-1)!.value
        expect(a!.get('k')).toBe(expected)
        expect(b!.get('k')).toBe(expected)
        // The clocks are wall-clock based: the replica whose clock reads later wins (RS-10 fixed).
        if (skew > 0) expect(expected).toBe(2)
        if (skew < 0) expect(expected).toBe(1)
      }),
    )
  })

  test('a delete of a key never seen is a no-op and mints no dot', () => {
    const a = new AwLwwMap<number>('r', new HybridClock())
    expect(a.delete('nope')).toBeUndefined()
    expect(a.entry('nope')).toBeUndefined()
  })
})

describe('hybrid logical clock', () => {
  test('strictly increasing, also when the wall clock stalls or goes back, and above observed stamps', () => {
    let wall = 1_750_000_000_000
    const clock = new HybridClock(() => wall)
    const a = clock.now()
    wall -= 10_000
    const b = clock.now()
    expect(b).toBeGreaterThan(a)
    clock.observe(b + 1_000_000)
    expect(clock.now()).toBeGreaterThan(b + 1_000_000)
  })
})
