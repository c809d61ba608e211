import { defineConfig } from 'vitest/config'

// Runs the deliberately failing samples in a nested vitest (see test/harness/fixture-report.test.ts).
const conditions = ['source', 'module', 'node', 'development|production']
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: { root: '.', include: ['test/harness/samples/*.sample.ts'], testTimeout: 30_000 },
})
