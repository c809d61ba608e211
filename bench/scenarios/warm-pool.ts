/**
 * The harness's warm pool as the bench sees it: `Cluster.prewarm(n)` / `ClusterOptions.warmPool` keep idle
 * node processes pre-spawned (process-wide), `Cluster.drainWarmPool()` ends them. The harness does not say
 * when a pooled process has finished loading, so before each measured start the bench waits until the
 * pool's processes are spawned and have stopped using CPU; otherwise it would time a half-loaded process.
 */
import { Cluster } from 'handoff-harness'
import { childrenSettled } from '../run/process-tree.js'

export function hasWarmPool(): boolean {
  const c = Cluster as unknown as { prewarm?: unknown; drainWarmPool?: unknown }
  return typeof c.prewarm === 'function' && typeof c.drainWarmPool === 'function'
}

/** Resolves when `size` idle processes (plus `others` running children) are loaded and idle. */
export function warmPoolSettled(size: number, others: number): Promise<boolean> {
  return childrenSettled(size + others)
}
