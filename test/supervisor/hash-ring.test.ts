/** The pure placement parts: the hash ring (property-based), quorum, and spec keys. */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { placementKey } from '../../fixtures/supervisor/child-spec.js'
import { hasQuorum, place } from '../../fixtures/supervisor/distribution.js'
import { HashRing, murmur3 } from '../../fixtures/supervisor/hash-ring.js'
import { stableJson } from '../../fixtures/supervisor/stable-json.js'

const memberName = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/)
const memberSet = fc.uniqueArray(memberName, { minLength: 1, maxLength: 8 })
const keys = fc.uniqueArray(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 60 })

describe('murmur3', () => {
  test('matches the reference MurmurHash3 x86_32 vectors', () => {
    expect(murmur3('')).toBe(0)
    expect(murmur3('', 1)).toBe(0x514e28b7)
    expect(murmur3('hello')).toBe(0x248bfa47)
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723)
    expect(murmur3('aaaa', 0x9747b28c)).toBe(0x5a97808a)
  })
})

describe('hash ring', () => {
  test('the owner is a member, and does not depend on the order members are given in', () => {
    fc.assert(
      fc.property(memberSet, keys, fc.integer(), (members, ks, seed) => {
        const shuffled = [...members].sort(() => (seed % 3) - 1)
        const a = new HashRing(members)
        const b = new HashRing(shuffled.reverse())
        for (const k of ks) {
          expect(members).toContain(a.owner(k))
          expect(b.owner(k)).toBe(a.owner(k))
        }
      }),
    )
  })

  test('removing a member moves only the keys it owned', () => {
    fc.assert(
      fc.property(
        memberSet.filter((m) => m.length >= 2),
        keys,
        fc.nat(),
        (members, ks, pick) => {
          const gone = members[pick % members.length]!
          const before = new HashRing(members)
          const after = new HashRing(members.filter((m) => m !== gone))
          for (const k of ks) if (before.owner(k) !== gone) expect(after.owner(k)).toBe(before.owner(k))
        },
      ),
    )
  })

  test('adding a member moves keys only to the new member', () => {
    fc.assert(
      fc.property(memberSet, memberName, keys, (members, added, ks) => {
        fc.pre(!members.includes(added))
        const before = new HashRing(members)
        const after = new HashRing([...members, added])
        for (const k of ks) expect([before.owner(k), added]).toContain(after.owner(k))
      }),
    )
  })

  test('spreads keys roughly evenly (128 points per member)', () => {
    for (const n of [2, 3, 5]) {
      const members = Array.from({ length: n }, (_, i) => `node-${i + 1}`)
      const ring = new HashRing(members)
      const counts = new Map(members.map((m) => [m, 0]))
      const total = 4000
      for (let i = 0; i < total; i++) {
        const owner = ring.owner(`child-${i}`)!
        counts.set(owner, counts.get(owner)! + 1)
      }
      for (const c of counts.values()) {
        expect(c / total).toBeGreaterThan(0.6 / n)
        expect(c / total).toBeLessThan(1.4 / n)
      }
    }
  })

  test('an empty ring has no owner', () => {
    expect(new HashRing([]).owner('x')).toBeUndefined()
  })
})

describe('placement', () => {
  test('uniform: no alive members gives no_alive_nodes; otherwise the ring owner among the alive', () => {
    expect(place('k', { alive: [] })).toEqual({ ok: false, error: 'no_alive_nodes' })
    fc.assert(
      fc.property(memberSet, fc.string(), (alive, key) => {
        expect(place(key, { alive })).toEqual({ ok: true, owner: new HashRing(alive).owner(key) })
      }),
    )
  })

  test('quorum with static members (DS-4): leaving members are dropped, an even rest drops its first', () => {
    const members = ['a', 'b', 'c']
    expect(hasQuorum({ alive: ['a', 'b', 'c'], members })).toBe(true)
    expect(hasQuorum({ alive: ['a', 'b'], members })).toBe(true)
    expect(hasQuorum({ alive: ['a'], members })).toBe(false)
    expect(place('k', { alive: ['c'], members })).toEqual({ ok: false, error: 'quorum_not_met' })
    // 'c' is leaving: voters {a, b} are even, so 'a' is dropped and 'b' alone decides.
    expect(hasQuorum({ alive: ['b'], members, shuttingDown: ['c'] })).toBe(true)
    expect(hasQuorum({ alive: ['a'], members, shuttingDown: ['c'] })).toBe(false)
    // Members not in the static list never count, nor own children.
    expect(place('k', { alive: ['a', 'x'], members: ['a'] })).toEqual({ ok: true, owner: 'a' })
    // Under members 'auto' every side of a partition has quorum (horde #45).
    expect(hasQuorum({ alive: ['z'] })).toBe(true)
  })

  test('the placement key ignores the id and the order of object keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.string(), (args, id1, id2) => {
        const reversed = Object.fromEntries(Object.entries(args).reverse())
        const a = placementKey({ id: id1, start: { module: 'm', fn: 'f', args: [args] } })
        const b = placementKey({ start: { args: [reversed], fn: 'f', module: 'm' }, id: id2 })
        expect(a).toBe(b)
        expect(JSON.parse(stableJson(args))).toEqual(JSON.parse(JSON.stringify(args)))
      }),
    )
  })
})
