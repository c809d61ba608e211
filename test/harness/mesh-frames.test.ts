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
})
