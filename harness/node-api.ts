/**
 * The in-node API, as seen by code running inside a child node (boot modules, remote functions, fixtures).
 *
 * These are the public types of `handoff-harness/node`; the implementation lives in `runtime/`. Only types
 * live here so that both sides (and the docs a user reads in the editor) share one definition.
 */

/** Why a peer left: a graceful `stopNode` (`'shutdown'`) or anything else (`'disconnect'`: kill, crash,
 * partition, missed heartbeats). */
export type DownReason = 'shutdown' | 'disconnect'

/** Handles messages for one named service. For `request` the resolved value is the reply (structured-clone
 * data); for `send` it is ignored. A thrown error becomes the rejection of the caller's `request`. */
export type ServiceHandler = (msg: unknown, from: string) => unknown

export interface RequestOptions {
  /** Default 5000 ms × time factor. */
  timeoutMs?: number
}

/** What a boot module's `start(ctx)` receives. */
export interface BootContext {
  readonly name: string
  readonly config: Readonly<Record<string, unknown>>
  readonly ports: Readonly<Record<string, number>>
}

/** Exports a boot module may have. Both are optional. */
export interface BootModule {
  start?(ctx: BootContext): unknown
  stop?(): unknown
}

export interface NodeApi {
  /** This node's name, unique within its cluster. */
  readonly name: string
  /** The cluster this node belongs to. */
  readonly cluster: string
  /** `NodeOptions.config`, as structured-clone data. */
  readonly config: Readonly<Record<string, unknown>>
  /** Named application ports allocated by the manager (`NodeOptions.ports`). */
  readonly ports: Readonly<Record<string, number>>
  /** Multiplier for default timeouts (`ClusterOptions.timeFactor` / `HANDOFF_TIME_FACTOR`). */
  readonly timeFactor: number
  /** Peers this node is connected to right now, like Erlang's `Node.list()`. */
  peers(): string[]
  /** Called for every peer that connects (after the handshake). Returns an unsubscribe function. */
  onNodeUp(listener: (peer: string) => void): () => void
  /** Called for every peer that goes away. Returns an unsubscribe function. */
  onNodeDown(listener: (peer: string, reason: DownReason) => void): () => void
  /** Serves `service` on this node. One handler per service; returns a function that removes it. */
  handle(service: string, handler: ServiceHandler): () => void
  /** Sends one message to `service` on `peer`: at most once, ordered per peer, dropped if not connected. */
  send(peer: string, service: string, msg: unknown): void
  /** Sends a request and awaits the reply. Rejects at once if the peer is not connected or goes down. */
  request<R = unknown>(peer: string, service: string, msg: unknown, opts?: RequestOptions): Promise<R>
  /** Runs on graceful stop, before boot modules' `stop()`, newest first, while the mesh is still up. */
  onShutdown(hook: () => unknown): void
  /** Writes one line to this node's log (captured by the manager). */
  log(...parts: unknown[]): void
}
