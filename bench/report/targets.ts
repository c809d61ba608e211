/**
 * The speed targets, checked against a run's results (reported, never asserted in tests). A target
 * names a cell by scenario, variant and a subset of its parameters, so it survives new parameters.
 */
import type { QUANTILE_KEYS } from './quantiles.js'
import type { BenchResult, Comparison, ParamValue, TargetCheck } from './schema.js'

interface TargetDef {
  label: string
  scenario: string
  variant: string
  parameters: Record<string, ParamValue>
  metric: (typeof QUANTILE_KEYS)[number] | 'p50 ratio'
  limit: number
}

export const TARGETS: readonly TargetDef[] = [
  {
    label: 'sync latency p50, 3 nodes, 100 B',
    scenario: 'sync-latency',
    variant: 'push',
    parameters: { nodes: 3, valueBytes: 100 },
    metric: 'p50',
    limit: 0.3,
  },
  {
    label: 'sync latency p99, 3 nodes, 100 B',
    scenario: 'sync-latency',
    variant: 'push',
    parameters: { nodes: 3, valueBytes: 100 },
    metric: 'p99',
    limit: 2,
  },
  {
    label: '10k-key burst everywhere after the last write (p50)',
    scenario: 'burst',
    variant: 'push',
    parameters: { nodes: 3 },
    metric: 'p50',
    limit: 100,
  },
  {
    label: 'call p50 / raw process.send echo p50',
    scenario: 'call',
    variant: 'cluster.call',
    parameters: {},
    metric: 'p50 ratio',
    limit: 1.3,
  },
  {
    label: 'node start, cold (p50)',
    scenario: 'node-start',
    variant: 'cold',
    parameters: { nodes: 1 },
    metric: 'p50',
    limit: 120,
  },
  {
    label: 'node start from the warm pool (p50)',
    scenario: 'node-start',
    variant: 'warm-pool',
    parameters: { nodes: 1 },
    metric: 'p50',
    limit: 20,
  },
]

function matches(r: BenchResult, t: TargetDef): boolean {
  return (
    r.scenario === t.scenario &&
    r.variant === t.variant &&
    Object.entries(t.parameters).every(([k, v]) => r.parameters[k] === v)
  )
}

export function checkTargets(
  results: readonly BenchResult[],
  comparisons: readonly Comparison[],
): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const t of TARGETS) {
    const r = results.find((x) => matches(x, t))
    if (r === undefined) continue
    let measured: number | null = null
    if (r.status === 'ok' && r.quantiles !== null) {
      measured =
        t.metric === 'p50 ratio'
          ? (comparisons.find((c) => c.subject === r.id)?.p50Ratio ?? null)
          : r.quantiles[t.metric]
    }
    checks.push({
      label: t.label,
      resultId: r.id,
      metric: t.metric,
      limit: t.limit,
      unit: t.metric === 'p50 ratio' ? '×' : 'ms',
      measured,
      met: measured === null ? null : measured <= t.limit,
    })
  }
  return checks
}
