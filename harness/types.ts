/** Public types of the manager side (`handoff-harness`). */

/** Where nodes run: `'loopback'` (default) children on 127.0.0.1, faults applied by the mesh;
 * `'netns'` each node in a Linux network namespace of its own (root and iproute2 needed), partitions,
 * blackholes and loss applied by the kernel to every connection of the node. */
export type NetworkKind = 'loopback' | 'netns'

export type NodeStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'killed' | 'crashed'

export interface NodeOptions {
  /** Unique within the cluster; default `<cluster>-<k>`. */
  name?: string
  /** Modules imported at start, in order. Each may export `start(ctx)` (awaited) and `stop()`. Paths
   * (relative to the current directory), `file:` URLs or package names. */
  boot?: Array<string | URL>
  env?: Record<string, string>
  /** Node flags for this node. Default none (a node with custom flags never comes from a warm pool). */
  execArgv?: string[]
  /** Structured-clone data visible in the node as `node.config`. */
  config?: Record<string, unknown>
  /** Connect to every running node (default true). */
  join?: boolean
  /** Default 10 000 ms × time factor. */
  startTimeoutMs?: number
  /** Start with `--inspect=127.0.0.1:0` and print the debugger address. */
  inspect?: boolean
  /** Named application ports, allocated free and visible as `node.ports.<name>`; reachable at the
   * node's `address` (listen on it, or on all interfaces). */
  ports?: string[]
}

export interface HeartbeatOptions {
  /** How often an idle link sends a heartbeat. Default a quarter of `timeoutMs` (250 ms). */
  intervalMs?: number
  /** A peer silent for this long of the node's own running time is declared down: a node whose event
   * loop was late does not count the time it was not scheduled. Default 1000 ms × time factor. */
  timeoutMs?: number
}

export interface ClusterOptions {
  /** Default: unique, derived from the running vitest test's name when there is one. */
  name?: string
  /** Nodes started (in parallel) by `Cluster.start`. Default 0. */
  nodes?: number
  /** Defaults for every node. */
  node?: NodeOptions
  /** Where `<name>.log` files go. Default `<tmpdir>/handoff-harness/<cluster>`. */
  logDir?: string
  /** Multiplies every default timeout; also read from env `HANDOFF_TIME_FACTOR`. */
  timeFactor?: number
  heartbeat?: HeartbeatOptions
  /** Keep this many idle node processes pre-spawned (shared by every cluster in the process), so a node
   * with default flags starts without paying Node's start-up. Default env `HANDOFF_WARM_POOL`, else 0. */
  warmPool?: number
  /** Where nodes run (see NetworkKind). Default `'loopback'`. */
  network?: NetworkKind
  /** A command every node is started through, e.g. `['setpriv', '--reuid', 'nobody']` or a script that
   * ends in `exec "$@"`: it gets the node's command line as arguments and must exec it (not fork), so
   * the pid, the control channel and signals reach the node. No warm pool then. */
  wrap?: readonly string[]
}

export interface NodeExit {
  name: string
  /** Exit code, or null when the process ended by a signal. */
  code: number | null
  signal: NodeJS.Signals | null
  /** How it ended: stopped gracefully, killed (by us), or crashed (on its own). */
  status: 'stopped' | 'killed' | 'crashed'
  /** True when a graceful stop ran past its timeout and the node was SIGKILLed. */
  forced: boolean
  durationMs: number
}

export interface NodeHandle {
  readonly name: string
  readonly pid: number
  readonly status: NodeStatus
  /** The node's address: 127.0.0.1 on loopback, its own 10.250.0.x on netns. */
  readonly address: string
  /** The node's mesh port, at `address`. */
  readonly meshPort: number
  readonly logPath: string
  readonly ports: Readonly<Record<string, number>>
  /** Debugger address when started with `inspect`. */
  readonly inspectUrl: string | undefined
  /** How the node's current process ended (exit code or signal); undefined while it runs. */
  readonly exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null } | undefined
}

export type NodeRef = NodeHandle | string

/**
 * What `startNodes(n)` resolves to: a tuple when `n` is a literal (up to 32), so
 * `const [a, b] = await cluster.startNodes(2)` gives two `NodeHandle`s, not `NodeHandle | undefined`.
 */
export type NodeHandles<N extends number> = number extends N ? NodeHandle[] : HandleTuple<N, []>
type HandleTuple<N extends number, Acc extends NodeHandle[]> = Acc['length'] extends N
  ? Acc
  : Acc['length'] extends 32
    ? NodeHandle[]
    : HandleTuple<N, [...Acc, NodeHandle]>

export interface CallOptions {
  /** Default 10 000 ms × time factor. */
  timeoutMs?: number
}

export interface StopOptions {
  /** Time allowed for hooks before SIGKILL. Default 5000 ms × time factor. */
  timeoutMs?: number
}

/**
 * `cluster.rollingRestart(options)`: what to replace and with what. A replacement with the old node's
 * name is done in place (stop the old node, then start the new one: one node unavailable at a time,
 * since two processes cannot hold one name); a replacement with a new name surges (start the new one,
 * wait until it is ready, then stop the old one: the fleet never shrinks).
 */
export interface RollingRestartOptions {
  /** Nodes to replace, in this order. Default: every running node, in start order. */
  nodes?: NodeRef[]
  /** The new release, merged over each old node's options (`env` and `config` key by key); `name` is
   * ignored here (see `rename`). */
  node?: NodeOptions
  /** The replacement's name for the `index`-th old node. Default: the old name (replace in place). */
  rename?: (oldName: string, index: number) => string
  /** How many nodes are replaced at the same time. Default 1. */
  surge?: number
  /** Application readiness, awaited after a new node started and before its old one stops (e.g. "the
   * registry on the new node knows every session"). Like a Kubernetes readiness probe. */
  ready?: (node: NodeHandle) => unknown
  /** Passed to each graceful `stopNode`. */
  stopTimeoutMs?: number
  /** Called as each event happens (awaited), e.g. to inject a fault mid-deploy. */
  onEvent?: (event: RollingEvent) => unknown
}

/** `start`: the new node is being started; `ready`: it started and passed `ready`; `stop`: the old node
 * was asked to stop gracefully; `stopped`: it exited; `gone`: the old node was no longer running when
 * its turn came (killed or crashed), so it was only replaced. */
export type RollingEventKind = 'start' | 'ready' | 'stop' | 'stopped' | 'gone'

export interface RollingEvent {
  kind: RollingEventKind
  /** The node the event is about (the new node for start/ready, the old one otherwise). */
  node: string
  /** The old node this replacement is for. */
  replaces: string
  /** Wall-clock time, ms since the epoch with sub-ms precision (`performance.timeOrigin + now()`). */
  at: number
  /** Present on `stopped`. */
  exit?: NodeExit
}

export interface RollingReplacement {
  old: string
  new: string
  mode: 'in-place' | 'surge'
  /** Times as in `RollingEvent.at`; `stopAt`/`stoppedAt` are undefined when the old node was gone. */
  startAt: number
  readyAt: number
  stopAt: number | undefined
  stoppedAt: number | undefined
  /** How the old node ended; undefined when it was already gone. */
  exit: NodeExit | undefined
}

export interface RollingTimeline {
  startedAt: number
  durationMs: number
  replacements: RollingReplacement[]
  /** Every event in the order it happened. */
  events: RollingEvent[]
}
