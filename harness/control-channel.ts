/**
 * The control channel between the manager (test process) and one node, like OTP peer.erl's control
 * connection between the origin and its peer: Node's IPC with `advanced` serialization, so payloads
 * are structured-cloned (Map, Date, BigInt, Error survive). It dies with either side: a node exits
 * when its channel closes; the manager fails the node's pending calls when its process exits.
 *
 * One permanent receive loop on each side dispatches by `type`. Requests that want an answer carry an
 * `id` and are answered exactly once (`result` for a call, `ack` for a control order); `cast` and the
 * directory updates are one-way. A node's life on this channel:
 *
 *   manager → node: [prewarm] · init · [directory] · (peer-joined | peer-left | call | cast | block | unblock | fault)* · shutdown
 *   node → manager: [prewarmed] · booted | boot-failed · start-progress* · ready+ · (result | ack)* · shutdown-done
 *
 * `prewarm` goes to a process of the warm pool only, while it idles before it serves a start. The
 * directory a node links with comes in `init` (round 0), so a start costs one round trip; only when
 * peers joined while it booted does a `directory` (round 1) follow `booted`, and the start waits for
 * the `ready` of that round.
 *
 * The mesh between nodes never goes through here; its own vocabulary (PeerAddress, HeartbeatSettings,
 * SerializedError) lives beside its wire in harness/mesh/.
 */
import type { LinkFault } from './faults/index.js'
import type { HeartbeatSettings } from './mesh/heartbeat-settings.js'
import type { PeerAddress } from './mesh/peer-address.js'
import type { SerializedError } from './mesh/serialized-error.js'

/** manager → node, first: who the node is and what it boots. */
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
  /** Round 0 of the directory: the joined peers as of init, linked with once the boot modules ran, and
   * the peers a partition in force hides (blocked at once). */
  directory: Directory
}

/** Who a node links with, and which of them a partition hides. */
export interface Directory {
  peers: PeerAddress[]
  blocked: string[]
}

/** manager → node (origin_to_peer). */
export type ManagerMessage =
  /** To an idle pooled process: run once what a start runs (two spare meshes on `host` with these
   * heartbeats: listen, link, one request, leave), so the start it later serves does not pay first-use
   * costs. Answered by `prewarmed`. */
  | { type: 'prewarm'; host: string; heartbeat: HeartbeatSettings }
  | InitMessage
  /** The full set of joined peers, sent after `booted` when peers joined since init (round 1); the node
   * connects to all of them. */
  | ({ type: 'directory'; round: number } & Directory)
  /** A peer that joined (or re-joined) later. */
  | { type: 'peer-joined'; peer: PeerAddress }
  /** A peer that is gone for good (stopped or killed); stop redialling it. */
  | { type: 'peer-left'; name: string }
  /** Run `module.export(...args)`; answered by one `result` with the same id. */
  | { type: 'call'; id: number; module: string; export: string; args: unknown[] }
  /** The same, unanswered: a failure is written to the node's log. */
  | { type: 'cast'; module: string; export: string; args: unknown[] }
  /** Cut the links to these peers (both directions are cut because both sides get this message). */
  | { type: 'block'; id: number; peers: string[] }
  /** Lift the blocks on `peers`; ack once linked to `waitFor` (the live ones). */
  | { type: 'unblock'; id: number; peers: string[]; waitFor: string[] }
  | { type: 'fault'; id: number; peer: string; fault: LinkFault | null }
  | { type: 'shutdown' }

/** Why a call failed inside the node: the function threw, or the module/export could not be resolved,
 * or the result could not be sent back. The manager turns each into its typed error (call-failure.ts). */
export type CallFailureKind = 'threw' | 'unknown-module' | 'unknown-export' | 'result-not-cloneable'

/** What a call came to in the node: the one shape of a call's answer, on both sides. */
export type CallOutcome =
  | { ok: true; value: unknown }
  | { ok: false; kind: CallFailureKind; error: SerializedError; exports?: string[] }

/** node → manager (peer_to_origin). */
export type NodeMessage =
  /** The answer to `prewarm` (nothing waits for it: it exercises the way back). */
  | { type: 'prewarmed' }
  /** Boot modules ran and the mesh listens on `port`. */
  | { type: 'booted'; port: number; pid: number }
  | { type: 'boot-failed'; error: SerializedError }
  /** Connected to every peer of the directory of that round (0: init's). */
  | { type: 'ready'; round: number }
  /** While starting: `linked` peers are connected so far (sent at most every 500 ms), so the manager's
   * start deadline counts from the last progress rather than from the start. */
  | { type: 'start-progress'; linked: number }
  /** The answer to the `call` with this id. */
  | ({ type: 'result'; id: number } & CallOutcome)
  /** A control order (block, unblock, fault) with this id was applied. */
  | { type: 'ack'; id: number }
  | { type: 'shutdown-done' }
