/** A bench report around given cells, for tests of the report's pure parts (one shape for every test). */
import { machineInfo } from '../../bench/report/machine.js'
import { type BenchReport, type BenchResult, SCHEMA } from '../../bench/report/schema.js'

export function reportOf(results: BenchResult[], options: Partial<BenchReport['options']> = {}): BenchReport {
  return {
    schema: SCHEMA,
    date: new Date(0).toISOString(),
    machine: machineInfo(),
    node: process.version,
    options: { quick: true, scenarios: ['x'], nodes: [3], ...options },
    durationMs: 1,
    loadavgAfter: [0, 0, 0],
    foreignCpuShare: null,
    results,
    comparisons: [],
    targets: [],
    leftoverProcesses: [],
  }
}
