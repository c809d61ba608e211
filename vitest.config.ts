import { defineConfig } from 'vitest/config'

// Tests import the package by its own name; the `source` condition makes that the TypeScript source,
// while child nodes (plain `node`) load the compiled `dist/` that the global setup keeps fresh.
const conditions = ['source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
})
