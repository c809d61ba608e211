/**
 * The control channel between the manager (test process) and one node: Node's IPC with `advanced`
 * serialization, so payloads are structured-cloned (Map, Date, BigInt, Error survive).
 *
 * One permanent receive loop on each side dispatches by `type`; calls carry an id and are answered once.
 * The mesh between nodes never goes through here.
 */
import type { LinkFault } from './faults/index.js'

export interface PeerAddress {
  name: string
  /** The peer's address (127.0.0.1 on loopback). */
  host: string
  port: number
}

export interface HeartbeatSettings {
  intervalMs: number
  timeoutMs: number
}

export interface InitMessage {
  type: 'init'
  name: string
  cluster: string
  secret: string
  /** The address the mesh listens on (the node's own address). */
  host: string
  config: Record<string, unknown>
  ports: Record<string, number>
  /** Applied to `process.env` before boot (a warm process was spawned before its env was known). */
  env: Record<string, string>
  boot: string[]
  timeFactor: number
  heartbeat: HeartbeatSettings
}

export type ManagerMessage =
  | InitMessage
  /** The full set of joined peers, sent once after `booted`; the node connects to all of them. */
  | { type: 'directory'; peers: PeerAddress[]; blocked: string[] }
  /** A peer that joined (or re-joined) later. */
  | { type: 'peer-joined'; peer: PeerAddress }
  /** A peer that is gone for good (stopped or killed); stop redialling it. */
  | { type: 'peer-left'; name: string }
  | { type: 'call'; id: number; module: string; export: string; args: unknown[] }
  | { type: 'cast'; module: string; export: string; args: unknown[] }
  /** Cut the links to these peers (both directions are cut because both sides get this message). */
  | { type: 'block'; id: number; peers: string[] }
  /** Lift the blocks on `peers`; ack once linked to `waitFor` (the live ones). */
  | { type: 'unblock'; id: number; peers: string[]; waitFor: string[] }
  | { type: 'fault'; id: number; peer: string; fault: LinkFault | null }
  | { type: 'shutdown' }

export interface SerializedError {
  name: string
  message: string
  stack?: string
  code?: string
}

export type NodeMessage =
  /** Boot modules ran and the mesh listens on `port`. */
  | { type: 'booted'; port: number; pid: number }
  | { type: 'boot-failed'; error: SerializedError }
  /** Connected to every peer of the directory. */
  | { type: 'ready' }
  /** While starting: `linked` peers are connected so far (sent at most every 500 ms), so the manager's
   * start deadline counts from the last progress rather than from the start. */
  | { type: 'start-progress'; linked: number }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | {
      type: 'result'
      id: number
      ok: false
      error: SerializedError
      kind: CallFailureKind
      exports?: string[]
    }
  | { type: 'ack'; id: number }
  | { type: 'shutdown-done' }

/** Why a call failed inside the node: the function threw, or the module/export could not be resolved,
 * or the result could not be sent back. */
export type CallFailureKind = 'threw' | 'unknown-module' | 'unknown-export' | 'result-not-cloneable'

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return {
      name: err.name,
      message: err.message,
      ...(err.stack === undefined ? {} : { stack: err.stack }),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  return { name: 'NonError', message: String(err) }
}
