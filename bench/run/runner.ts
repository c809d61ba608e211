/**
 * Runs the selected scenarios one after another, with progress on stderr, turns a scenario that throws
 * into a `failed` cell instead of ending the run, and checks after each scenario that it left no process
 * behind (a leftover is reported, then killed).
 */
import { Cluster } from 'handoff-harness'
import { machineInfo } from '../report/machine.js'
import { failedResult } from '../report/result.js'
import { type BenchReport, type BenchResult, type Comparison, SCHEMA } from '../report/schema.js'
import { checkTargets } from '../report/targets.js'
import type { Scenario, ScenarioContext } from '../scenarios/scenario.js'
import { hasWarmPool } from '../scenarios/warm-pool.js'
import { cpuSnapshot, foreignShare } from './cpu-share.js'
import { measureIdleWake } from './idle-wake.js'
import { commandLine, isAlive, liveDescendants } from './process-tree.js'

export interface RunOptions {
  quick: boolean
  nodes: number[]
  progress: (line: string) => void
}

async function reapLeftovers(progress: (line: string) => void, scenario: string): Promise<number[]> {
  // Give processes that are already exiting a moment to go before calling them leftovers.
  const deadline = performance.now() + 2000
  let left = liveDescendants()
  while (left.length > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
    left = left.filter(isAlive)
  }
  if (left.length > 0) {
    const listed = left.map((pid) => `${pid} (${commandLine(pid)})`).join(', ')
    progress(`${scenario}: LEFT ${left.length} process(es) behind: ${listed}; killing them`)
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }
  }
  return left
}

function describeResult(r: BenchResult): string {
  const q = r.quantiles
  if (r.status !== 'ok' || q === null) return `${r.id}: ${r.status}: ${r.reason ?? ''}`
  return `${r.id}: p50 ${q.p50.toFixed(3)} ms, p99 ${q.p99.toFixed(3)} ms (${r.samples} samples)`
}

export async function runScenarios(scenarios: readonly Scenario[], opts: RunOptions): Promise<BenchReport> {
  const date = new Date().toISOString()
  const machine = machineInfo()
  const idleWake = await measureIdleWake()
  const t0 = performance.now()
  const cpuBefore = cpuSnapshot()
  const stamp = (): string => `[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s]`
  const reported = new Set<BenchResult>()
  const ctx: ScenarioContext = {
    quick: opts.quick,
    nodeCounts: opts.nodes,
    progress: (line) => opts.progress(`${stamp()} ${line}`),
    cellDone: (r) => {
      reported.add(r)
      ctx.progress(`  ${describeResult(r)}`)
    },
  }
  const results: BenchResult[] = []
  const comparisons: Comparison[] = []
  const leftover: number[] = []
  for (const scenario of scenarios) {
    ctx.progress(`${scenario.name}: start`)
    try {
      const out = await scenario.run(ctx)
      results.push(...out.results)
      comparisons.push(...out.comparisons)
      for (const r of out.results) if (!reported.has(r)) ctx.cellDone(r)
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
      ctx.progress(`${scenario.name}: FAILED ${reason}`)
      results.push(failedResult({ scenario: scenario.name, variant: '*', measures: '' }, reason))
    }
    // A pool kept by HANDOFF_WARM_POOL is idle by design, not a leak: end it before looking.
    if (hasWarmPool()) await Cluster.drainWarmPool()
    leftover.push(...(await reapLeftovers(ctx.progress, scenario.name)))
  }
  return {
    schema: SCHEMA,
    date,
    machine,
    node: process.version,
    options: { quick: opts.quick, scenarios: scenarios.map((s) => s.name), nodes: opts.nodes },
    durationMs: Math.round(performance.now() - t0),
    loadavgAfter: machineInfo().loadavg,
    foreignCpuShare: foreignShare(cpuBefore, cpuSnapshot()),
    idleWake,
    results,
    comparisons,
    targets: checkTargets(results),
    leftoverProcesses: leftover,
  }
}
