import { serialize } from 'node:v8'
import { describe, expect, test } from 'vitest'
import type { Entry } from '../../fixtures/store/aw-lww-map.js'
import {
  ACK_TAG,
  decodeAck,
  decodePush,
  encodeAck,
  PUSH_TAG,
  tagOf,
} from '../../fixtures/store/push-codec.js'
import { PushEncoder } from '../../fixtures/store/push-encoder.js'

// The push protocol's binary form (push-codec.ts): what goes in comes out, for every kind of value.
const entry = (value: unknown, origin = 'aaaa', counter = 1): Entry<unknown> => ({
  vv: [[origin, counter]],
  siblings: [{ origin, counter, ts: 123_456_789_012_345, value }],
})

describe('push codec', () => {
  test('a push round-trips keys, version vectors, siblings and every kind of value', () => {
    const long = 'y'.repeat(40)
    const values = [
      '',
      'plain',
      'ünïcødé ✓ 𝄞',
      'lone \ud800 surrogate',
      long,
      `${long}é`,
      `é${long}`,
      0,
      -0,
      1.5,
      Number.NaN,
      2 ** 53 - 1,
      null,
      true,
      false,
    ]
    const complex = [{ a: [1, 'x'] }, new Map([[1, 2]]), 10n, new Uint8Array([1, 2, 3]), new Date(5)]
    const all = [...values, ...complex]
    const enc = new PushEncoder()
    const entries = all.map((v, i) => entry(v, i % 2 === 0 ? 'aaaa' : 'bbbb', i + 1))
    entries.push({
      vv: [
        ['aaaa', 7],
        ['bbbb', 9],
        ['cccc', 2 ** 40],
      ],
      siblings: [
        { origin: 'aaaa', counter: 7, ts: 1, value: 'x' },
        { origin: 'cccc', counter: 2 ** 40, ts: 2, value: 'y' },
      ],
    })
    entries.push({ vv: [['dddd', 3]], siblings: [] })
    for (const [i, e] of entries.entries()) enc.add(`key-${i}-ä`, e)
    expect(enc.size).toBe(entries.length)
    const bytes = enc.finish(2 ** 33 + 5)
    expect(tagOf(bytes)).toBe(PUSH_TAG)
    const push = decodePush(bytes)
    expect(push.seq).toBe(2 ** 33 + 5)
    expect(push.keys).toEqual(entries.map((_, i) => `key-${i}-ä`))
    expect(push.entries).toEqual(entries)
    expect(Object.is(push.entries[8]!.siblings[0]!.value, -0)).toBe(true)
    expect(push.entries[3]!.siblings[0]!.value).toBe('lone \ud800 surrogate')
    // The encoder starts over after finish.
    enc.add('k', entry('v'))
    expect(decodePush(enc.finish(1))).toEqual({ seq: 1, keys: ['k'], entries: [entry('v')] })
  })

  test('a plain Uint8Array view (not a Buffer) decodes the same', () => {
    const enc = new PushEncoder()
    enc.add('k', entry('value'))
    const bytes = enc.finish(3)
    const copy = new Uint8Array(bytes.length + 5)
    copy.set(bytes, 5)
    expect(decodePush(copy.subarray(5))).toEqual(decodePush(bytes))
  })

  test('a batch larger than the scratch buffer', () => {
    const enc = new PushEncoder()
    const big = 'x'.repeat(10_000)
    for (let i = 0; i < 50; i++) enc.add(`k${i}`, entry(big + i))
    const push = decodePush(enc.finish(9))
    expect(push.keys).toHaveLength(50)
    expect(push.entries[49]!.siblings[0]!.value).toBe(`${big}49`)
  })

  test('messages stay intact while later ones fill the slab and the next', () => {
    const enc = new PushEncoder()
    const sent: Uint8Array[] = []
    for (let i = 0; i < 2000; i++) {
      enc.add(`k${i}`, entry(`${i}:${'v'.repeat(100)}`))
      sent.push(enc.finish(i))
    }
    sent.forEach((bytes, i) => {
      const push = decodePush(bytes)
      expect(push.seq).toBe(i)
      expect(push.entries[0]!.siblings[0]!.value).toBe(`${i}:${'v'.repeat(100)}`)
    })
  })

  test('an object sibling followed by others, at every position near the end of the slab, decodes intact', () => {
    // The room for an entry must count a V8-encoded value's real size, or the siblings after it are cut
    // off at the slab's end (they were: 'hello' came back as 'hell\0').
    const two: Entry<unknown> = {
      vv: [['aaaa', 2]],
      siblings: [
        { origin: 'aaaa', counter: 1, ts: 1, value: { o: 'x'.repeat(200) } },
        { origin: 'bbbb', counter: 1, ts: 2, value: 'hello' },
        { origin: 'cccc', counter: 1, ts: 3, value: 42 },
      ],
    }
    for (let filler = 0; filler < 400; filler++) {
      const enc = new PushEncoder()
      // Fill the 64 KiB slab to just short of its end, in whole messages, then add the entry.
      for (let used = 0; used < 64 * 1024 - 600; ) {
        enc.add('f', entry('v'.repeat(100 + (filler % 7))))
        used += enc.finish(used).length
      }
      enc.add('k', entry('x'.repeat(filler)))
      enc.add('two', two)
      const push = decodePush(enc.finish(1))
      expect(push.entries[1]).toEqual(two)
    }
  })

  test('a value V8 cannot clone throws and leaves the batch as it was', () => {
    const enc = new PushEncoder()
    enc.add('a', entry('first'))
    expect(() =>
      enc.add(
        'b',
        entry(() => 1),
      ),
    ).toThrow()
    enc.add('c', entry('third'))
    const push = decodePush(enc.finish(1))
    expect(push.keys).toEqual(['a', 'c'])
  })

  test('discard drops a batch', () => {
    const enc = new PushEncoder()
    enc.add('a', entry('x'))
    enc.discard()
    expect(enc.size).toBe(0)
    enc.add('b', entry('y'))
    expect(decodePush(enc.finish(1)).keys).toEqual(['b'])
  })

  test('a truncated push is refused', () => {
    const enc = new PushEncoder()
    enc.add('key', entry('some value'))
    const bytes = enc.finish(1)
    expect(() => decodePush(bytes.subarray(0, bytes.length - 3))).toThrow(RangeError)
  })

  test('acks, and what tells the forms apart from V8 messages', () => {
    const ack = encodeAck(2 ** 40 + 1)
    expect(tagOf(ack)).toBe(ACK_TAG)
    expect(decodeAck(ack)).toBe(2 ** 40 + 1)
    const v8 = serialize({ t: 'root', root: [1, 2] })
    expect([PUSH_TAG, ACK_TAG]).not.toContain(tagOf(v8))
  })
})
