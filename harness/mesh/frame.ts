/**
 * Length-prefixed frames for the node-to-node mesh: a 4-byte big-endian length, then a v8-serialized
 * (structured-clone) payload. Encoding is one Buffer so each frame is one `socket.write()` (with Nagle
 * off, two writes per frame cost ~40 ms on loopback). A zero-length frame is a heartbeat: 64 nodes send
 * ~16 000 of them a second, so they cost no serialization at either end.
 */
import { deserialize, serialize } from 'node:v8'
import type { WireFrame } from './wire.js'

/** Frames larger than this are treated as garbage rather than buffered. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024

/** Before the handshake nothing is authenticated: the first frame (hello/welcome) may be this large. */
export const HANDSHAKE_MAX_FRAME_BYTES = 8 * 1024

/** The heartbeat on the wire (length 0) and as the decoder yields it. */
export const HEARTBEAT_BYTES: Buffer = Buffer.alloc(4)
const HEARTBEAT: WireFrame = Object.freeze({ t: 'hb' })

export class FrameError extends Error {
  override name = 'FrameError'
}

export function encodeFrame(payload: unknown): Buffer {
  const body = serialize(payload)
  const frame = Buffer.allocUnsafe(4 + body.length)
  frame.writeUInt32BE(body.length, 0)
  body.copy(frame, 4)
  return frame
}

/**
 * Accumulates socket chunks and yields whole payloads. Throws FrameError on bytes that are not frames.
 * The first frame is limited to `firstFrameMaxBytes` (the unauthenticated handshake), later ones to
 * MAX_FRAME_BYTES; a length over the limit is refused from its 4-byte header, before any body is kept.
 */
export class FrameDecoder {
  private chunks: Buffer[] = []
  private buffered = 0
  private decoded = 0

  constructor(private readonly firstFrameMaxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const out: unknown[] = []
    while (this.buffered >= 4) {
      const head = this.peek(4)
      const length = head.readUInt32BE(0)
      const limit = this.decoded === 0 ? this.firstFrameMaxBytes : MAX_FRAME_BYTES
      if (length > limit) throw new FrameError(`frame length ${length} exceeds ${limit}`)
      if (this.buffered < 4 + length) break
      const whole = this.take(4 + length)
      this.decoded++
      if (length === 0) {
        out.push(HEARTBEAT)
        continue
      }
      try {
        out.push(deserialize(whole.subarray(4)))
      } catch (err) {
        throw new FrameError(`undecodable frame of ${length} bytes: ${(err as Error).message}`)
      }
    }
    return out
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!
    this.chunks = [Buffer.concat(this.chunks)]
    return this.chunks[0]!
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
    const rest = all.subarray(n)
    this.chunks = rest.length > 0 ? [rest] : []
    this.buffered = rest.length
    return all.subarray(0, n)
  }
}
