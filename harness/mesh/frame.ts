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

/** The frame tag of a body that travels as bytes: a Buffer or a plain Uint8Array, the two types the
 * receiver rebuilds exactly (subclasses and other views keep v8). Told by constructor, not by
 * `Buffer.isBuffer`: on the path of every message each builtin call costs µs on a node woken from idle. */
function bytesTag(b: unknown): number | undefined {
  if (typeof b !== 'object' || b === null) return undefined
  const ctor = b.constructor
  return ctor === Buffer ? BYTES_MSG : ctor === Uint8Array ? BYTES_MSG_UINT8 : undefined
}

/** A frame's 4-byte big-endian length, in plain byte stores (see bytesTag for why). */
function writeLength(frame: Buffer, length: number): void {
  frame[0] = length >>> 24
  frame[1] = length >>> 16
  frame[2] = length >>> 8
  frame[3] = length
}

function readLength(buf: Buffer, at: number): number {
  return ((buf[at]! << 24) >>> 0) + (buf[at + 1]! << 16) + (buf[at + 2]! << 8) + buf[at + 3]!
}

/** Service names as UTF-8, kept: encoding one per frame is a call into C++, which costs ~20 µs on a node
 * woken from idle (the path of every message in a paced exchange). Bounded: names are few in practice. */
const serviceBytesCache = new Map<string, Buffer>()

function serviceBytes(s: string): Buffer {
  let bytes = serviceBytesCache.get(s)
  if (bytes === undefined) {
    bytes = Buffer.from(s, 'utf8')
    if (serviceBytesCache.size >= 64) serviceBytesCache.clear()
    serviceBytesCache.set(s, bytes)
  }
  return bytes
}

function encodeBytesFrame(s: string, b: Uint8Array, tag: number): Buffer | undefined {
  const service = serviceBytes(s)
  if (service.length > MAX_SERVICE_BYTES) return undefined
  const length = 2 + service.length + b.byteLength
  const frame = Buffer.allocUnsafe(4 + length)
  writeLength(frame, length)
  frame[4] = tag
  frame[5] = service.length
  frame.set(service, 6)
  frame.set(b, 6 + service.length)
  return frame
}

/** The service names a decoder has seen lately: a frame's name is matched byte by byte in JS rather than
 * decoded (a `toString` per frame is a call into C++: ~20 µs on a node woken from idle). */
class ServiceNames {
  private readonly known: Array<{ bytes: Buffer; name: string }> = []

  read(buf: Buffer, start: number, end: number): string {
    const n = end - start
    search: for (const k of this.known) {
      if (k.bytes.length !== n) continue
      for (let i = 0; i < n; i++) if (k.bytes[i] !== buf[start + i]) continue search
      return k.name
    }
    const name = buf.toString('utf8', start, end)
    if (this.known.length >= 16) this.known.shift()
    this.known.push({ bytes: Buffer.from(buf.subarray(start, end)), name })
    return name
  }
}

/** The bytes frame in `buf[start, end)` (after its length). One view into the buffer, no copy. */
function decodeBytesFrame(buf: Buffer, start: number, end: number, names: ServiceNames): WireFrame {
  const tag = buf[start]
  if (tag !== BYTES_MSG && tag !== BYTES_MSG_UINT8) throw new Error(`unknown frame tag ${tag}`)
  const serviceEnd = start + 2 + buf[start + 1]!
  if (serviceEnd > end) throw new Error('service name past the end of the frame')
  const s = names.read(buf, start + 2, serviceEnd)
  const b =
    tag === BYTES_MSG
      ? buf.subarray(serviceEnd, end)
      : new Uint8Array(buf.buffer, buf.byteOffset + serviceEnd, end - serviceEnd)
  return { t: 'msg', s, b }
}

export function encodeFrame(payload: unknown): Buffer {
  const p = payload as { t?: unknown; s?: unknown; b?: unknown }
  const tag = p.t === 'msg' && typeof p.s === 'string' ? bytesTag(p.b) : undefined
  const fast = tag === undefined ? undefined : encodeBytesFrame(p.s as string, p.b as Uint8Array, tag)
  const frame = fast ?? encodeV8Frame(payload)
  wireCounters.frames++
  wireCounters.bytes += frame.length
  return frame
}

function encodeV8Frame(payload: unknown): Buffer {
  const body = serialize(payload)
  const frame = Buffer.allocUnsafe(4 + body.length)
  writeLength(frame, body.length)
  body.copy(frame, 4)
  return frame
}

/**
 * Accumulates socket chunks and yields whole payloads. Throws FrameError on bytes that are not frames.
 * The first frame is limited to `firstFrameMaxBytes` (the unauthenticated handshake), later ones to
 * MAX_FRAME_BYTES; a length over the limit is refused from its 4-byte header, before any body is kept.
 *
 * Frames are read in place at an offset into the current chunk: a message costs one view of its body and
 * nothing else (a Buffer view is a typed-array construction, and on an idle reader every allocation on
 * this path is paid cold). Only a frame split across chunks joins them.
 */
export class FrameDecoder {
  /** Bytes received and not yet decoded: an incomplete frame, in order. */
  private pending: Buffer[] = []
  private pendingBytes = 0
  private decoded = 0
  private readonly names = new ServiceNames()

  constructor(private readonly firstFrameMaxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): unknown[] {
    let buf = chunk
    if (this.pendingBytes > 0) {
      this.pending.push(chunk)
      this.pendingBytes += chunk.length
      if (!this.holdsWholeFrame()) return []
      buf = Buffer.concat(this.pending, this.pendingBytes)
      this.pending = []
      this.pendingBytes = 0
    }
    const out: unknown[] = []
    let at = 0
    while (buf.length - at >= 4) {
      const length = this.checkedLength(buf, at)
      const end = at + 4 + length
      if (end > buf.length) break
      out.push(this.decode(buf, at + 4, end))
      at = end
    }
    if (at < buf.length) {
      this.pending = [at === 0 ? buf : buf.subarray(at)]
      this.pendingBytes = buf.length - at
    }
    return out
  }

  private checkedLength(buf: Buffer, at: number): number {
    const length = readLength(buf, at)
    const limit = this.decoded === 0 ? this.firstFrameMaxBytes : MAX_FRAME_BYTES
    if (length > limit) throw new FrameError(`frame length ${length} exceeds ${limit}`)
    return length
  }

  /** Whether the pending chunks hold at least one whole frame (checking its length as it goes). */
  private holdsWholeFrame(): boolean {
    if (this.pendingBytes < 4) return false
    const first = this.pending[0]!
    const head = first.length >= 4 ? first : Buffer.concat(this.pending, this.pendingBytes)
    return this.pendingBytes >= 4 + this.checkedLength(head, 0)
  }

  private decode(buf: Buffer, start: number, end: number): unknown {
    this.decoded++
    if (start === end) return HEARTBEAT
    try {
      return buf[start] === V8_TAG
        ? deserialize(buf.subarray(start, end))
        : decodeBytesFrame(buf, start, end, this.names)
    } catch (err) {
      throw new FrameError(`undecodable frame of ${end - start} bytes: ${(err as Error).message}`)
    }
  }
}
