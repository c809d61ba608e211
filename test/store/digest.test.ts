import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { AwLwwMap, DigestTree, entryHash, HybridClock } from '../../fixtures/store/index.js'

function digestOf(map: AwLwwMap<number>, order: readonly string[]): DigestTree {
  const tree = new DigestTree()
  for (const key of order) tree.update(key, entryHash(key, map.entry(key)!))
  return tree
}

describe('digest tree', () => {
  test('the root depends on the state only, not on the order of updates', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 50 }),
        fc.integer(),
        (keys, seed) => {
          const map = new AwLwwMap<number>('r', new HybridClock())
          for (const k of keys) map.put(k, 1)
          const shuffled = fc.sample(fc.shuffledSubarray(keys, { minLength: keys.length }), {
            seed,
            numRuns: 1,
          })[0]!
          const a = digestOf(map, keys)
          const b = digestOf(map, shuffled)
          // Re-recording a key's unchanged hash is a no-op.
          b.update(keys[0]!, entryHash(keys[0]!, map.entry(keys[0]!)!))
          expect(b.root()).toEqual(a.root())
          expect(b.groups()).toEqual(a.groups())
        },
      ),
    )
  })

  test('any change to one key changes the root, and changing it back restores it', () => {
    const map = new AwLwwMap<number>('r', new HybridClock())
    const tree = new DigestTree()
    for (let i = 0; i < 100; i++) tree.update(`k${i}`, entryHash(`k${i}`, map.put(`k${i}`, i)))
    const root = tree.root()
    const old = tree.hashOf('k5')!
    tree.update('k5', entryHash('k5', map.put('k5', 99)))
    expect(tree.root()).not.toEqual(root)
    tree.update('k5', old)
    expect(tree.root()).toEqual(root)
  })

  test('empty trees are equal; a tree with keys is not empty', () => {
    expect(new DigestTree().root()).toEqual([0, 0])
    const tree = new DigestTree()
    tree.update('a', entryHash('a', new AwLwwMap<number>('r', new HybridClock()).put('a', 1)))
    expect(tree.root()).not.toEqual([0, 0])
  })
})
