/**
 * `handoff-harness/vitest`: a vitest `test` with a `cluster` fixture. Each test gets a fresh, empty
 * cluster named after it; it is stopped after the test (also after a timeout or a failure), and when the
 * test fails the tail of every node's log is printed under the failure.
 *
 * ```ts
 * import { test } from 'handoff-harness/vitest'
 * test('a value survives its node', async ({ cluster }) => { const [n1] = await cluster.startNodes(1) })
 * ```
 * Override cluster options per file or suite with `test.override({ clusterOptions: { ... } })`.
 * Cluster tests need more than vitest's 5 s default timeout: use `clusterTestConfig` from
 * `handoff-harness/vitest-config` in your vitest config (one line, see there).
 */
import { test as base } from 'vitest'
import { Cluster } from './manager/cluster.js'
import { uniqueClusterName } from './manager/names.js'
import type { ClusterOptions } from './types.js'

export interface ClusterFixtures {
  /** Options for the test's cluster (its name is always derived from the test). */
  clusterOptions: Omit<ClusterOptions, 'name'>
  cluster: Cluster
}

export const test = base.extend<ClusterFixtures>({
  clusterOptions: [{}, { injected: false }],
  cluster: async ({ task, signal, onTestFailed, clusterOptions }, use) => {
    const cluster = await Cluster.start({ ...clusterOptions, name: uniqueClusterName(task.name) })
    const abort = (): void => void cluster.stop()
    signal.addEventListener('abort', abort, { once: true })
    // Printed, not annotated: vitest refuses annotations once a test has failed.
    onTestFailed(() => {
      const tails = cluster.logTails()
      process.stderr.write(`\nnode logs of cluster ${cluster.name} (test "${task.name}"):\n${tails}\n`)
    })
    try {
      await use(cluster)
    } finally {
      signal.removeEventListener('abort', abort)
      await cluster.stop()
    }
  },
})

export { describe, expect } from 'vitest'
export { type ClusterTestConfig, clusterTestConfig } from './vitest-config.js'
