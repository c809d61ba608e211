import { defineConfig } from 'vitest/config'

// Tests import the package by its own name; the `source` condition makes that the TypeScript source,
// while child nodes (plain `node`) load the compiled `dist/` that the global setup keeps fresh.
const conditions = ['source', 'module', 'node', 'development|production']

// Files that start dozens of nodes or hundreds of players starve every other file's nodes on a 2-core
// machine (a neighbour's start then times out for nothing), so they run after the rest, one at a time.
const ALONE = ['test/harness/scale.test.ts', 'test/rolling/players-deploy.test.ts']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    globalSetup: ['./test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    projects: [
      {
        extends: true,
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ALONE, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
})
