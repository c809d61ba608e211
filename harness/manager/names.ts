/**
 * Cluster names: readable (from the test name when there is one) and unique across parallel vitest
 * workers and clusters in one process (pid + counter + random), since they name log files and nodes.
 */
import { randomBytes } from 'node:crypto'

let counter = 0

interface VitestWorkerState {
  current?: { name?: string }
}

function currentTestName(): string | undefined {
  const worker = (globalThis as { __vitest_worker__?: VitestWorkerState }).__vitest_worker__
  return worker?.current?.name
}

export function slug(text: string, max = 32): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return s.slice(0, max).replace(/-+$/, '') || 'cluster'
}

export function uniqueClusterName(base?: string): string {
  counter++
  const suffix = `${process.pid.toString(36)}${counter.toString(36)}${randomBytes(2).toString('hex')}`
  return `${slug(base ?? currentTestName() ?? 'cluster')}-${suffix}`
}
