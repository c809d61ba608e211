/** Frame decoding limits and the zero-length heartbeat (harness/mesh/frame.ts). */
import { describe, expect, test } from 'vitest'
import {
  encodeFrame,
  FrameDecoder,
  FrameError,
  HANDSHAKE_MAX_FRAME_BYTES,
  HEARTBEAT_BYTES,
} from '../../harness/mesh/frame.js'

function header(length: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(length, 0)
  return b
}

describe('mesh frames', () => {
  test('before the handshake, a frame header over the cap is refused without buffering the body', () => {
    const decoder = new FrameDecoder(HANDSHAKE_MAX_FRAME_BYTES)
    expect(() => decoder.push(header(64 * 1024 * 1024))).toThrow(FrameError)
    expect(() =>
      new FrameDecoder(HANDSHAKE_MAX_FRAME_BYTES).push(header(HANDSHAKE_MAX_FRAME_BYTES + 1)),
    ).toThrow(/exceeds 8192/)
  })

  test('after the first frame the cap is lifted: a large frame right behind the welcome decodes', () => {
    const decoder = new FrameDecoder(HANDSHAKE_MAX_FRAME_BYTES)
    const big = 'x'.repeat(100_000)
    const frames = decoder.push(
      Buffer.concat([encodeFrame({ t: 'welcome', name: 'n' }), encodeFrame({ t: 'msg', s: 's', b: big })]),
    )
    expect(frames).toEqual([
      { t: 'welcome', name: 'n' },
      { t: 'msg', s: 's', b: big },
    ])
  })

  test('a heartbeat is a zero-length frame and decodes without deserializing', () => {
    expect(HEARTBEAT_BYTES).toEqual(header(0))
    const decoder = new FrameDecoder()
    expect(decoder.push(Buffer.concat([HEARTBEAT_BYTES, encodeFrame({ t: 'hb' }), HEARTBEAT_BYTES]))).toEqual(
      [{ t: 'hb' }, { t: 'hb' }, { t: 'hb' }],
    )
  })

  test('a bytes body travels unserialised and comes back with its type, bytes and service', () => {
    const buf = Buffer.from([0xff, 0, 1, 2, 3])
    const u8 = new Uint8Array([9, 8, 7])
    const a = encodeFrame({ t: 'msg', s: 'délta', b: buf })
    // Length, tag, service length, service (UTF-8), the bytes as they are: no v8 header around them.
    expect(a.length).toBe(4 + 2 + Buffer.byteLength('délta') + buf.length)
    expect(a[4]).not.toBe(0xff)
    const frames = new FrameDecoder().push(
      Buffer.concat([a, encodeFrame({ t: 'msg', s: 's', b: u8 }), encodeFrame({ t: 'msg', s: 's', b: 'x' })]),
    ) as Array<{ t: string; s: string; b: unknown }>
    expect(frames[0]).toEqual({ t: 'msg', s: 'délta', b: buf })
    expect(Buffer.isBuffer(frames[0]!.b)).toBe(true)
    expect(frames[1]!.b).toEqual(u8)
    expect(Buffer.isBuffer(frames[1]!.b)).toBe(false)
    expect(frames[2]).toEqual({ t: 'msg', s: 's', b: 'x' })
  })

  test('other views and requests keep the v8 form; a bytes frame split across chunks decodes', () => {
    const view = new Uint16Array([1, 2])
    const d = new FrameDecoder()
    expect(d.push(encodeFrame({ t: 'msg', s: 's', b: view }))).toEqual([{ t: 'msg', s: 's', b: view }])
    const req = encodeFrame({ t: 'req', i: 1, s: 's', b: Buffer.from('q') })
    expect(req[4]).toBe(0xff)
    const big = Buffer.alloc(100_000, 7)
    const whole = encodeFrame({ t: 'msg', s: 's', b: big })
    const out: unknown[] = []
    for (let i = 0; i < whole.length; i += 4096) out.push(...d.push(whole.subarray(i, i + 4096)))
    expect(out).toEqual([{ t: 'msg', s: 's', b: big }])
    expect(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 2, 0x07, 0]))).toThrow(FrameError)
  })

  test('service names of the same length are told apart, and a frame split anywhere decodes', () => {
    const frames = ['alpha', 'omega', 'alpha', 'déjà', 'omega'].map((s, i) =>
      encodeFrame({ t: 'msg', s, b: Buffer.from([i]) }),
    )
    const all = Buffer.concat([...frames, HEARTBEAT_BYTES])
    // Every split point, including inside a length header and inside a service name.
    for (let cut = 1; cut < all.length; cut++) {
      const d = new FrameDecoder()
      const out = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))] as Array<{
        t: string
        s?: string
        b?: Buffer
      }>
      expect(out.map((f) => f.s ?? f.t)).toEqual(['alpha', 'omega', 'alpha', 'déjà', 'omega', 'hb'])
      expect(out.slice(0, 5).map((f) => f.b![0])).toEqual([0, 1, 2, 3, 4])
    }
  })

  test('a body view stays intact when the decoder reads the next chunk', () => {
    const d = new FrameDecoder()
    const first = encodeFrame({ t: 'msg', s: 's', b: Buffer.from('first') })
    const second = encodeFrame({ t: 'msg', s: 's', b: Buffer.from('second') })
    const [a] = d.push(Buffer.concat([first, second.subarray(0, 7)])) as Array<{ b: Buffer }>
    const [b] = d.push(second.subarray(7)) as Array<{ b: Buffer }>
    expect(a!.b.toString()).toBe('first')
    expect(b!.b.toString()).toBe('second')
  })
})
