/**
 * A cluster running one of the sync systems, with the probe calls every store scenario needs: the writer
 * and the observers, summed message counters, waiting until observers have seen a batch, and collecting
 * their arrival times. Timing happens inside the nodes; the test process only asks afterwards.
 */
import { Cluster, type NetworkKind, type NodeHandle, waitUntil } from 'handoff-harness'
import type { Probe, SyncSystem } from './sync-systems.js'

export interface Counters {
  messages: number
  bytes: number
}

export class StoreCluster {
  private constructor(
    readonly cluster: Cluster,
    readonly probe: Probe,
    readonly observedBy: SyncSystem['observers'],
    private readonly release: () => Promise<void>,
  ) {}

  static async start(
    system: SyncSystem,
    nodes: number,
    name: string,
    network: NetworkKind = 'loopback',
  ): Promise<StoreCluster> {
    const prepared = await system.prepare()
    try {
      const cluster = await Cluster.start({
        name,
        nodes,
        network,
        node: { boot: prepared.boot, config: prepared.config },
      })
      return new StoreCluster(cluster, system.probe(), system.observers, prepared.release)
    } catch (err) {
      await prepared.release()
      throw err
    }
  }

  get writer(): NodeHandle {
    return this.cluster.nodes()[0]!
  }

  get readers(): NodeHandle[] {
    return this.cluster.nodes().slice(1)
  }

  /** The nodes that learn when a write became visible (see SyncSystem.observers). */
  get observers(): NodeHandle[] {
    return this.observedBy === 'writer' ? [this.writer] : this.readers
  }

  /** Messages and bytes sent by every node so far, or null when the system does not count them. */
  async counters(): Promise<Counters | null> {
    const all = await Promise.all(this.cluster.nodes().map((n) => this.cluster.call(n, this.probe.stats, [])))
    if (!all.every((x) => x.counted)) return null
    return {
      messages: all.reduce((s, x) => s + x.messagesSent, 0),
      bytes: all.reduce((s, x) => s + x.bytesSent, 0),
    }
  }

  /** Waits until each of `nodes` (default: the observers) has seen `count` keys of `prefix`. */
  async whenSeen(prefix: string, count: number, timeoutMs: number, nodes = this.observers): Promise<void> {
    await waitUntil(
      async () => {
        const counts = await Promise.all(
          nodes.map((r) => this.cluster.call(r, this.probe.arrivalCount, [prefix])),
        )
        return counts.every((c) => c >= count)
      },
      { timeoutMs, intervalMs: 20, message: `every observer has seen ${count} keys of ${prefix}` },
    )
  }

  /** Per observer, the arrival time of each key index (forgotten on the nodes afterwards). */
  takeArrivals(prefix: string, count: number): Promise<Array<Array<bigint | null>>> {
    return Promise.all(
      this.observers.map((r) => this.cluster.call(r, this.probe.takeArrivals, [prefix, count])),
    )
  }

  async stop(): Promise<void> {
    try {
      await this.cluster.stop()
    } finally {
      await this.release()
    }
  }
}

/** Per-operation cost between two counter readings, or nulls when the system does not count. */
export function perOp(
  before: Counters | null,
  after: Counters | null,
  ops: number,
): { msgsPerOp: number | null; bytesPerOp: number | null } {
  if (before === null || after === null) return { msgsPerOp: null, bytesPerOp: null }
  return {
    msgsPerOp: (after.messages - before.messages) / ops,
    bytesPerOp: (after.bytes - before.bytes) / ops,
  }
}

/** Milliseconds from `from` until the latest of `arrivals` (every observer), or null if one never saw it. */
export function untilEverywhere(from: bigint, arrivals: ReadonlyArray<bigint | null>): number | null {
  let latest = from
  for (const at of arrivals) {
    if (at === null) return null
    if (at > latest) latest = at
  }
  return Number(latest - from) / 1e6
}
