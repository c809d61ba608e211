import { clusterTestConfig } from 'handoff-harness/vitest-config'
import { defineConfig } from 'vitest/config'

// Cluster tests start real processes: vitest's 5 s default timeout is too short for them.
export default defineConfig({ test: { ...clusterTestConfig, include: ['test/**/*.test.ts'] } })
