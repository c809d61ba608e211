/** The frames exchanged on a mesh link, after (and including) the handshake. */
import type { SerializedError } from './serialized-error.js'

/** 2: heartbeats are zero-length frames. 3: a message with a bytes body travels unserialised (frame.ts). */
export const MESH_PROTOCOL_VERSION = 3

export type WireFrame =
  | { t: 'hello'; v: number; cluster: string; name: string; secret: string }
  | { t: 'welcome'; name: string }
  | { t: 'hb' }
  | { t: 'msg'; s: string; b: unknown }
  | { t: 'req'; i: number; s: string; b: unknown }
  | { t: 'rep'; i: number; ok: true; b: unknown }
  | { t: 'rep'; i: number; ok: false; e: SerializedError }
  /** A graceful leave: the receiver reports the peer down with reason 'shutdown'. */
  | { t: 'bye' }

export function isWireFrame(x: unknown): x is WireFrame {
  return typeof x === 'object' && x !== null && typeof (x as { t?: unknown }).t === 'string'
}
