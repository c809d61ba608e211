/**
 * `handoff-harness/vitest-config`: vitest settings for cluster tests, as plain data (safe to import from
 * a `vitest.config.ts`). A cluster test starts real processes, so vitest's 5 s default test timeout is too
 * short on a loaded CI machine; these match what this project's own suite uses, times HANDOFF_TIME_FACTOR.
 *
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config'
 * import { clusterTestConfig } from 'handoff-harness/vitest-config'
 * export default defineConfig({ test: { ...clusterTestConfig, include: ['test/**\/*.test.ts'] } })
 * ```
 */
import { resolveTimeFactor } from './time-factor.js'

export interface ClusterTestConfig {
  /** Per test: starting nodes, calls, partitions and waits. 60 s × time factor. */
  readonly testTimeout: number
  /** Per hook (`beforeAll` starting a shared cluster…). 30 s × time factor. */
  readonly hookTimeout: number
  /** For the cluster's stop at the end. 10 s × time factor. */
  readonly teardownTimeout: number
  /** Child processes are what a cluster test is about; `forks` keeps each test file in its own process,
   * so a stuck file can be ended with everything it started. */
  readonly pool: 'forks'
}

const factor = resolveTimeFactor()

export const clusterTestConfig: ClusterTestConfig = {
  testTimeout: 60_000 * factor,
  hookTimeout: 30_000 * factor,
  teardownTimeout: 10_000 * factor,
  pool: 'forks',
}
