/**
 * The speed targets, checked against a run's results (reported, never asserted in tests). Most
 * are ratios to a floor measured in the same run — what the figure cannot go below on this machine (raw
 * TCP, bare mesh messages, a raw IPC echo, a bare node process) — because machines differ by 2× and a
 * loaded machine inflates both sides alike. A target names its cell by scenario, variant and a subset of
 * its parameters (so it survives new parameters), and its floor by variant (same scenario and
 * parameters). Each check carries the measured figure, its floor in ms and the verdict.
 */
import type { PERCENTILE_KEYS } from './quantiles.js'
import type { BenchResult, ParamValue, TargetCheck } from './schema.js'

type Quantile = (typeof PERCENTILE_KEYS)[number]

interface TargetDef {
  label: string
  scenario: string
  variant: string
  parameters: Record<string, ParamValue>
  /** The quantile compared (of the cell, and of the floor for a ratio). */
  quantile: Quantile
  /** `ratio`: cell / floor at `quantile`, against `limit` (×); `ms`: the cell's figure itself. */
  kind: 'ratio' | 'ms'
  limit: number
  /** The floor cell's variant (same scenario and parameters). */
  floor?: string
}

const SYNC_3 = { scenario: 'sync-latency', parameters: { nodes: 3, valueBytes: 100 } }
const START = { scenario: 'node-start', parameters: { nodes: 1 } }

export const TARGETS: readonly TargetDef[] = [
  {
    label: 'sync p50, 3 nodes, 100 B: push / raw-tcp',
    ...SYNC_3,
    variant: 'push',
    quantile: 'p50',
    kind: 'ratio',
    limit: 1.15,
    floor: 'raw-tcp',
  },
  {
    label: 'sync p99, 3 nodes, 100 B: push / raw-tcp',
    ...SYNC_3,
    variant: 'push',
    quantile: 'p99',
    kind: 'ratio',
    limit: 1.3,
    floor: 'raw-tcp',
  },
  {
    label: 'sync p50, 3 nodes, 100 B: mesh-floor / raw-tcp',
    ...SYNC_3,
    variant: 'mesh-floor',
    quantile: 'p50',
    kind: 'ratio',
    limit: 1.05,
    floor: 'raw-tcp',
  },
  {
    label: '10k-key burst everywhere after the last write (p50)',
    scenario: 'burst',
    variant: 'push',
    parameters: { nodes: 3, keys: 10_000 },
    quantile: 'p50',
    kind: 'ms',
    limit: 100,
  },
  {
    label: 'call p50 / raw process.send echo p50',
    scenario: 'call',
    variant: 'cluster.call',
    parameters: {},
    quantile: 'p50',
    kind: 'ratio',
    limit: 1.3,
    floor: 'raw-ipc-echo',
  },
  {
    label: 'call p99 / raw process.send echo p99',
    scenario: 'call',
    variant: 'cluster.call',
    parameters: {},
    quantile: 'p99',
    kind: 'ratio',
    limit: 1.3,
    floor: 'raw-ipc-echo',
  },
  {
    label: 'node start, cold / bare node (p50)',
    ...START,
    variant: 'cold',
    quantile: 'p50',
    kind: 'ratio',
    limit: 1.1,
    floor: 'bare-node',
  },
  {
    label: 'node start from the warm pool / bare node (p50)',
    ...START,
    variant: 'warm-pool',
    quantile: 'p50',
    kind: 'ratio',
    limit: 0.1,
    floor: 'bare-node',
  },
]

function matches(r: BenchResult, t: TargetDef, variant: string): boolean {
  return (
    r.scenario === t.scenario &&
    r.variant === variant &&
    Object.entries(t.parameters).every(([k, v]) => r.parameters[k] === v)
  )
}

function figure(r: BenchResult | undefined, q: Quantile): number | null {
  return r !== undefined && r.status === 'ok' && r.quantiles !== null ? r.quantiles[q] : null
}

export function checkTargets(results: readonly BenchResult[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const t of TARGETS) {
    const r = results.find((x) => matches(x, t, t.variant))
    if (r === undefined) continue
    const f = t.floor === undefined ? undefined : results.find((x) => matches(x, t, t.floor!))
    const value = figure(r, t.quantile)
    const floor = figure(f, t.quantile)
    let measured: number | null = value
    if (t.kind === 'ratio') measured = value === null || floor === null || floor <= 0 ? null : value / floor
    checks.push({
      label: t.label,
      resultId: r.id,
      metric: t.kind === 'ratio' ? `${t.quantile} ratio` : t.quantile,
      limit: t.limit,
      unit: t.kind === 'ratio' ? '×' : 'ms',
      measured,
      met: measured === null ? null : measured <= t.limit,
      value,
      floor,
      floorResultId: f?.id ?? null,
    })
  }
  return checks
}
