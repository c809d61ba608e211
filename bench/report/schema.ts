/**
 * The JSON a bench run writes (`--json`), and what `--baseline` reads back. The schema is versioned by
 * `schema`; fields are only ever added. One `BenchResult` is one (scenario, variant, parameters) cell:
 * its samples in milliseconds, their quantiles, and the message cost per operation when the system under
 * test counts its messages. Comparisons (ratios measured in the same run) and targets (the issue's goals)
 * are derived from the results.
 */
import type { Percentiles } from './quantiles.js'

export const SCHEMA = 'handoff-harness/bench@1'

export type ParamValue = string | number | boolean

export interface MachineInfo {
  cpus: number
  model: string
  memoryBytes: number
  platform: string
  arch: string
  osRelease: string
  /** 1/5/15-minute load average when the run started. */
  loadavg: number[]
}

export type ResultStatus = 'ok' | 'skipped' | 'failed'

export interface BenchResult {
  /** `scenario/variant[k=v,...]`: stable, used to match a baseline. */
  id: string
  scenario: string
  variant: string
  parameters: Record<string, ParamValue>
  status: ResultStatus
  /** Why it was skipped or failed; null when ok. */
  reason: string | null
  /** What one sample is, in words. */
  measures: string
  unit: 'ms'
  samples: number
  quantiles: Percentiles | null
  mean: number | null
  /** Messages (bytes) sent by all nodes of the system under test, per operation; null when not counted. */
  msgsPerOp: number | null
  bytesPerOp: number | null
  /** Scenario-specific figures (e.g. burst: how long writing took). */
  extra: Record<string, number>
  /** The samples in ms, rounded to 1 µs (for plots and re-analysis): all of them, in the order measured
   * where the scenario keeps it; past 5,000, 5,000 of them at evenly spaced ranks, ascending. */
  samplesMs: number[]
  /** False when `samplesMs` is the 5,000-sample subset. */
  samplesComplete: boolean
}

export interface Comparison {
  scenario: string
  label: string
  /** Result ids: `subject` relative to `reference`. */
  subject: string
  reference: string
  p50Ratio: number
  p99Ratio: number
}

export interface TargetCheck {
  label: string
  resultId: string
  /** What is compared with the limit, e.g. `p50` or `p50 ratio`. */
  metric: string
  limit: number
  unit: 'ms' | '×'
  /** For a ratio target: the cell's figure / the floor's, at the same quantile. */
  measured: number | null
  /** null when the result is missing or skipped. */
  met: boolean | null
  /** The cell's own figure in ms (for a ms target: `measured`); absent in reports written before it was
   * added. */
  value?: number | null
  /** What the measured figure cannot go below on this machine, from the same run, in ms, at the target's
   * quantile: e.g. `raw-tcp` under the sync latency. Null when the target has no floor or the run did
   * not measure it; absent in reports written before it was added. */
  floor?: number | null
  /** The result the floor comes from. */
  floorResultId?: string | null
}

/** The same small message work timed back to back (`hotUs`) and right after `idleMs` of sleep
 * (`afterIdleUs`), medians (bench/run/idle-wake.ts). */
export interface IdleWake {
  idleMs: number
  hotUs: number
  afterIdleUs: number
  factor: number
}

export interface BenchReport {
  schema: typeof SCHEMA
  /** ISO 8601, when the run started. */
  date: string
  machine: MachineInfo
  node: string
  options: { quick: boolean; scenarios: string[]; nodes: number[] }
  durationMs: number
  /** 1/5/15-minute load average when the run ended (it includes the bench's own nodes). */
  loadavgAfter: number[]
  /** Share (0..1) of all CPU time used by other processes during the run: work competing with the
   * bench, which inflates its figures. Null where it cannot be measured (not Linux). */
  foreignCpuShare: number | null
  /** What waking from idle costs CPU work on this machine, measured before the scenarios; absent in
   * reports written before it was added. */
  idleWake?: IdleWake
  results: BenchResult[]
  comparisons: Comparison[]
  targets: TargetCheck[]
  /** PIDs of processes started by the run that were still alive at the end (must be empty). */
  leftoverProcesses: number[]
}

export function resultId(scenario: string, variant: string, parameters: Record<string, ParamValue>): string {
  const params = Object.entries(parameters)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',')
  return `${scenario}/${variant}${params === '' ? '' : `[${params}]`}`
}
