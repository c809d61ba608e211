/** Builders for `BenchResult`: every scenario reports through these, so every cell has the same shape. */
import { interpolatedQuantiles, mean } from './quantiles.js'
import { type BenchResult, type ParamValue, resultId } from './schema.js'

export interface ResultCell {
  scenario: string
  variant: string
  parameters?: Record<string, ParamValue>
  /** What one sample is, in words. */
  measures: string
}

export interface Measured {
  samplesMs: number[]
  msgsPerOp?: number | null
  bytesPerOp?: number | null
  extra?: Record<string, number>
}

function base(cell: ResultCell): Omit<BenchResult, 'status' | 'reason'> {
  const parameters = cell.parameters ?? {}
  return {
    id: resultId(cell.scenario, cell.variant, parameters),
    scenario: cell.scenario,
    variant: cell.variant,
    parameters,
    measures: cell.measures,
    unit: 'ms',
    samples: 0,
    quantiles: null,
    mean: null,
    msgsPerOp: null,
    bytesPerOp: null,
    extra: {},
    samplesMs: [],
    samplesComplete: true,
  }
}

const round = (ms: number, digits = 3): number => Math.round(ms * 10 ** digits) / 10 ** digits

/** Past this many samples the JSON keeps that many, at evenly spaced ranks (min and max included). */
export const MAX_KEPT_SAMPLES = 5000

function keptSamples(samples: readonly number[]): { samplesMs: number[]; samplesComplete: boolean } {
  if (samples.length <= MAX_KEPT_SAMPLES)
    return { samplesMs: samples.map((s) => round(s)), samplesComplete: true }
  const sorted = [...samples].sort((a, b) => a - b)
  const step = (sorted.length - 1) / (MAX_KEPT_SAMPLES - 1)
  const kept = Array.from({ length: MAX_KEPT_SAMPLES }, (_, i) => round(sorted[Math.round(i * step)]!))
  return { samplesMs: kept, samplesComplete: false }
}

export function okResult(cell: ResultCell, m: Measured): BenchResult {
  if (m.samplesMs.length === 0) return failedResult(cell, 'no samples were collected')
  return {
    ...base(cell),
    status: 'ok',
    reason: null,
    samples: m.samplesMs.length,
    quantiles: interpolatedQuantiles(m.samplesMs),
    mean: mean(m.samplesMs),
    msgsPerOp: m.msgsPerOp == null ? null : Number(m.msgsPerOp.toPrecision(4)),
    bytesPerOp: m.bytesPerOp == null ? null : Math.round(m.bytesPerOp),
    extra: m.extra ?? {},
    ...keptSamples(m.samplesMs),
  }
}

export function skippedResult(cell: ResultCell, reason: string): BenchResult {
  return { ...base(cell), status: 'skipped', reason }
}

export function failedResult(cell: ResultCell, reason: string): BenchResult {
  return { ...base(cell), status: 'failed', reason }
}
