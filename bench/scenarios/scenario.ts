/**
 * What a benchmark scenario is: a named function that measures one thing in several cells (variants ×
 * parameters) and returns a `BenchResult` per cell, plus the ratios it wants printed. A scenario owns the
 * processes it starts and stops them in `finally`; the runner checks afterwards that none is left.
 */
import { failedResult, type Measured, okResult, type ResultCell } from '../report/result.js'
import type { BenchResult, Comparison } from '../report/schema.js'

export interface ScenarioContext {
  /** Fewer samples and cells, so that the whole `--quick` run stays under a minute. */
  readonly quick: boolean
  /** Cluster sizes for scenarios that vary them (`--nodes`). */
  readonly nodeCounts: readonly number[]
  /** One line of progress on stderr. */
  progress(line: string): void
  /** Reports a finished cell at once (progress line); the runner reports the others at the end. */
  cellDone(result: BenchResult): void
}

export interface ScenarioOutput {
  results: BenchResult[]
  comparisons: Comparison[]
}

export interface Scenario {
  readonly name: string
  /** One line for `--help` and the report. */
  readonly summary: string
  run(ctx: ScenarioContext): Promise<ScenarioOutput>
}

/** `subject` relative to `reference` (both must be ok), or nothing. */
export function compare(label: string, subject: BenchResult, reference: BenchResult): Comparison[] {
  const s = subject.quantiles
  const r = reference.quantiles
  if (s === null || r === null || r.p50 <= 0 || r.p99 <= 0) return []
  return [
    {
      scenario: subject.scenario,
      label,
      subject: subject.id,
      reference: reference.id,
      p50Ratio: s.p50 / r.p50,
      p99Ratio: s.p99 / r.p99,
    },
  ]
}

/** Measures one cell per item, in order, reporting each as soon as it is done. */
export async function eachCell<T>(
  ctx: ScenarioContext,
  items: readonly T[],
  measure: (item: T) => Promise<BenchResult>,
): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  for (const item of items) {
    const r = await measure(item)
    results.push(r)
    ctx.cellDone(r)
  }
  return results
}

/**
 * A cell whose samples come from `runs` independent runs (each on its own fresh cluster): runs them in
 * order with a progress line each, and turns them into the cell's result; the first run that throws
 * fails the cell.
 */
export async function measureRuns<T>(
  ctx: ScenarioContext,
  cell: ResultCell,
  runs: number,
  oneRun: (run: number) => Promise<T>,
  progress: (done: T) => string,
  summarize: (done: T[]) => Measured,
): Promise<BenchResult> {
  const done: T[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const r = await oneRun(i)
      done.push(r)
      ctx.progress(`${cell.scenario}: ${cell.variant} run ${i + 1}/${runs}: ${progress(r)}`)
    }
  } catch (err) {
    return failedResult(cell, err instanceof Error ? err.message : String(err))
  }
  return okResult(cell, summarize(done))
}
