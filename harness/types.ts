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
  /** How often an idle link sends a heartbeat. Default 100 ms. */
  intervalMs?: number
  /** A link silent for this long is declared down. Default 1000 ms × time factor. */
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
