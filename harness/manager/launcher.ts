/**
 * The launcher seam: how a node process is started and where it can be reached. The manager asks the
 * launcher for a node's place (its address) before the first start, for a process to run it in, and
 * — if the launcher has a network of its own — to drop (and, where it can, delay) packets between places. Everything else (the
 * control channel, calls, logs, signals) is the NodeProcess's, identical for every launcher: the control
 * channel is a pipe to the manager, so no network fault ever reaches it.
 *
 * `loopback` (the default) is a plain child on 127.0.0.1 that may come from the warm pool; the mesh
 * applies every fault. `netns` (harness/netns/) runs each node in a network namespace of its own.
 */
import type { ResolvedLinkDelay } from '../faults/index.js'
import type { NetworkKind } from '../types.js'
import { NodeProcess } from './node-process.js'

/** Where `setLinkDelay` takes effect: `'kernel'`, on every packet between the two places (every
 * connection of the node), or `'mesh'`, on the mesh's own frames only (a user's own HTTP between nodes
 * is not delayed). */
export type DelayLayer = 'kernel' | 'mesh'

/** What the network applies from one place to another from now on. */
export interface LinkChange {
  from: string
  to: string
  /** Share of packets dropped: 1 = cut, p = loss, 0 = none. */
  drop: number
  /** Delay of every packet (only asked of a launcher whose delayLayer is 'kernel'; else zero). */
  delay: ResolvedLinkDelay
}

export interface Launcher {
  readonly network: NetworkKind
  /** Whether idle pre-spawned processes (the warm pool) can run this launcher's nodes. */
  readonly warmPool: boolean
  /** Faults applied below the nodes (in the kernel), or undefined when the mesh applies every fault. */
  readonly links: ((changes: LinkChange[]) => Promise<void>) | undefined
  /** Where link delay is applied. */
  readonly delayLayer: DelayLayer
  /** Prepares the place of the node (or host) `name` on first use; resolves with its address. */
  place(name: string): Promise<string>
  /** Whether `name` is a place of this launcher that is not a node (a backend host). */
  isHost(name: string): boolean
  /** A new process for node `name` (placed before). */
  spawn(name: string, execArgv: string[], env: Record<string, string>): NodeProcess
  /** Releases every place (after the nodes are gone). Idempotent. */
  close(): Promise<void>
}

export const LOOPBACK_ADDRESS = '127.0.0.1'

export class LoopbackLauncher implements Launcher {
  readonly network = 'loopback'
  readonly warmPool: boolean
  readonly links = undefined
  readonly delayLayer = 'mesh'

  /** `wrap`: the command every node is started through (ClusterOptions.wrap); a pre-spawned process
   * was not started through it, so the warm pool is off then. */
  constructor(private readonly wrap: readonly string[] = []) {
    this.warmPool = wrap.length === 0
  }

  place(): Promise<string> {
    return Promise.resolve(LOOPBACK_ADDRESS)
  }

  isHost(): boolean {
    return false
  }

  spawn(_name: string, execArgv: string[], env: Record<string, string>): NodeProcess {
    return new NodeProcess(execArgv, env, this.wrap)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
