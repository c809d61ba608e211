/**
 * Length-prefixed frames for the node-to-node mesh: a 4-byte big-endian length, then a v8-serialized
 * (structured-clone) payload. Encoding is one Buffer so each frame is one `socket.write()` (with Nagle
 * off, two writes per frame cost ~40 ms on loopback). A zero-length frame is a heartbeat: 64 nodes send
 * ~16 000 of them a second, so they cost no serialization at either end.
 *
 * A message whose body is bytes (a `Buffer` or plain `Uint8Array`: what the store sends, already encoded
 * by itself) travels as a bytes frame instead: `[tag][service length][service][bytes]` after the length,
 * the tag (< 0xFF, which starts every v8 payload) saying msg or a Buffer / Uint8Array body. Serialising it
 * again inside the frame cost a v8 serializer and deserializer, their JS host-object callbacks and two
 * extra copies per message; the receiver gets a view into the frame, as v8 gave before.
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

/** Bytes frames: the first body byte (a v8 payload always starts with 0xFF, its version tag). */
const BYTES_MSG = 0x01
const BYTES_MSG_UINT8 = 0x02
const V8_TAG = 0xff
const MAX_SERVICE_BYTES = 255

/** What this process's mesh encoded, for the bench's honest wire count (heartbeats not included). */
export const wireCounters = { frames: 0, bytes: 0 }

function bytesBody(payload: unknown): { s: string; b: Uint8Array } | undefined {
  const p = payload as { t?: unknown; s?: unknown; b?: unknown }
  if (p.t !== 'msg' || typeof p.s !== 'string' || !(p.b instanceof Uint8Array)) return undefined
  // Only the two types the receiver can rebuild exactly; subclasses and other views keep v8.
  const ctor = p.b.constructor
  if (ctor !== Uint8Array && !Buffer.isBuffer(p.b)) return undefined
  return { s: p.s, b: p.b }
}

function encodeBytesFrame(s: string, b: Uint8Array): Buffer | undefined {
  const serviceBytes = Buffer.byteLength(s)
  if (serviceBytes > MAX_SERVICE_BYTES) return undefined
  const length = 2 + serviceBytes + b.byteLength
  const frame = Buffer.allocUnsafe(4 + length)
  frame.writeUInt32BE(length, 0)
  frame[4] = Buffer.isBuffer(b) ? BYTES_MSG : BYTES_MSG_UINT8
  frame[5] = serviceBytes
  frame.write(s, 6)
  frame.set(b, 6 + serviceBytes)
  return frame
}

function decodeBytesFrame(body: Buffer): WireFrame {
  const tag = body[0]
  if (tag !== BYTES_MSG && tag !== BYTES_MSG_UINT8) throw new Error(`unknown frame tag ${tag}`)
  const serviceEnd = 2 + body[1]!
  if (serviceEnd > body.length) throw new Error('service name past the end of the frame')
  const s = body.toString('utf8', 2, serviceEnd)
  const view = body.subarray(serviceEnd)
  const b = tag === BYTES_MSG ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  return { t: 'msg', s, b }
}

export function encodeFrame(payload: unknown): Buffer {
  const raw = bytesBody(payload)
  const fast = raw === undefined ? undefined : encodeBytesFrame(raw.s, raw.b)
  const frame = fast ?? encodeV8Frame(payload)
  wireCounters.frames++
  wireCounters.bytes += frame.length
  return frame
}

function encodeV8Frame(payload: unknown): Buffer {
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
      const body = whole.subarray(4)
      try {
        out.push(body[0] === V8_TAG ? deserialize(body) : decodeBytesFrame(body))
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
