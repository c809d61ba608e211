/**
 * Quantiles of a latency sample, the one summary every scenario reports: 0 / 0.5 / 0.95 / 0.99 / 1.
 * Linear interpolation between closest ranks (the "R-7" definition numpy and tinybench use), so p0 is the
 * minimum and p100 the maximum whatever the sample size.
 */

export interface Percentiles {
  p0: number
  p50: number
  p95: number
  p99: number
  p100: number
}

export const PERCENTILE_KEYS = ['p0', 'p50', 'p95', 'p99', 'p100'] as const satisfies ReadonlyArray<
  keyof Percentiles
>

/** The q-quantile (0 ≤ q ≤ 1) of an ascending-sorted, non-empty array. */
export function interpolatedQuantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample')
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q))
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo]!
  const b = sorted[hi]!
  return a + (b - a) * (pos - lo)
}

export function interpolatedQuantiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    p0: interpolatedQuantileOfSorted(sorted, 0),
    p50: interpolatedQuantileOfSorted(sorted, 0.5),
    p95: interpolatedQuantileOfSorted(sorted, 0.95),
    p99: interpolatedQuantileOfSorted(sorted, 0.99),
    p100: interpolatedQuantileOfSorted(sorted, 1),
  }
}

export function mean(samples: readonly number[]): number {
  let sum = 0
  for (const s of samples) sum += s
  return samples.length === 0 ? Number.NaN : sum / samples.length
}

/** The middle sample (the upper one of two for an even count): how scenarios summarise a few runs in
 * `extra`, e.g. `stopNodeMsMedian`. */
export function middleSample(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = sorted[Math.floor(sorted.length / 2)]
  if (middle === undefined) throw new RangeError('median of an empty sample')
  return middle
}
