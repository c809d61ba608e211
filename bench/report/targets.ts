/**
 * The speed targets, checked against a run's results (reported, never asserted in tests). A target
 * names a cell by scenario, variant and a subset of its parameters, so it survives new parameters. Where
 * the run measured what the target's figure cannot go below on this machine (bare mesh messages, a raw
 * IPC echo, a bare node process), the target names that cell too, and the check reports its figure next
 * to the measured one: machines differ, and a target is read against the floor of the same run.
 */
import type { PERCENTILE_KEYS } from './quantiles.js'
import type { BenchResult, Comparison, ParamValue, TargetCheck } from './schema.js'

interface TargetDef {
  label: string
  scenario: string
  variant: string
  parameters: Record<string, ParamValue>
  metric: (typeof PERCENTILE_KEYS)[number] | 'p50 ratio'
  limit: number
  /** The floor cell (same scenario and parameters, this variant) and which of its quantiles to show. */
  floor?: { variant: string; metric: (typeof PERCENTILE_KEYS)[number] }
}

export const TARGETS: readonly TargetDef[] = [
  {
    label: 'sync latency p50, 3 nodes, 100 B',
    scenario: 'sync-latency',
    variant: 'push',
    parameters: { nodes: 3, valueBytes: 100 },
    metric: 'p50',
    limit: 0.3,
    floor: { variant: 'mesh-floor', metric: 'p50' },
  },
  {
    label: 'sync latency p99, 3 nodes, 100 B',
    scenario: 'sync-latency',
    variant: 'push',
    parameters: { nodes: 3, valueBytes: 100 },
    metric: 'p99',
    limit: 2,
    floor: { variant: 'mesh-floor', metric: 'p99' },
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
    floor: { variant: 'raw-ipc-echo', metric: 'p50' },
  },
  {
    label: 'node start, cold (p50)',
    scenario: 'node-start',
    variant: 'cold',
    parameters: { nodes: 1 },
    metric: 'p50',
    limit: 120,
    floor: { variant: 'bare-node', metric: 'p50' },
  },
  {
    label: 'node start from the warm pool (p50)',
    scenario: 'node-start',
    variant: 'warm-pool',
    parameters: { nodes: 1 },
    metric: 'p50',
    limit: 20,
    floor: { variant: 'bare-node', metric: 'p50' },
  },
]

function matches(r: BenchResult, t: TargetDef, variant = t.variant): boolean {
  return (
    r.scenario === t.scenario &&
    r.variant === variant &&
    Object.entries(t.parameters).every(([k, v]) => r.parameters[k] === v)
  )
}

/** The floor cell's figure, when the target has one and the run measured it. */
function floorOf(
  results: readonly BenchResult[],
  t: TargetDef,
): { floor: number | null; floorResultId: string | null } {
  const f = t.floor === undefined ? undefined : results.find((x) => matches(x, t, t.floor!.variant))
  if (f === undefined || t.floor === undefined) return { floor: null, floorResultId: null }
  return {
    floor: f.status === 'ok' && f.quantiles !== null ? f.quantiles[t.floor.metric] : null,
    floorResultId: f.id,
  }
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
      ...floorOf(results, t),
    })
  }
  return checks
}
