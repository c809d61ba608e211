// Test-only builders: hand-written histories with explicit times, and a simulated store for properties.
import { History, type OpResult, QUIESCED, type RecordedOp } from '../../../suites/history/index.js'

export const w = (
  node: string,
  key: string,
  value: unknown,
  start: number,
  end: number,
  result: OpResult = 'ok',
) => ({ node, kind: 'write', key, value, start, end, result }) as const satisfies RecordedOp
export const r = (node: string, key: string, value: unknown, start: number, end: number) =>
  ({ node, kind: 'read', key, value, start, end, result: 'ok' }) as const satisfies RecordedOp
export const d = (node: string, key: string, start: number, end: number, result: OpResult = 'ok') =>
  ({ node, kind: 'delete', key, start, end, result }) as const satisfies RecordedOp

/** A history of these ops; with `quiescedAt`, a `'quiesced'` mark at that time. */
export function historyOf(ops: readonly RecordedOp[], quiescedAt?: number): History {
  const h = new History({ now: () => quiescedAt ?? 0 })
  for (const op of ops) h.record(op)
  if (quiescedAt !== undefined) h.mark(QUIESCED)
  return h
}

/** One operation of a generated workload, before it is run against the simulated store. */
export interface PlannedOp {
  readonly node: number
  readonly kind: 'write' | 'read' | 'delete'
  readonly key: number
  readonly start: number
  readonly duration: number
  /** Where in its interval the op takes effect, as a fraction in [0, 1). */
  readonly at: number
  readonly result: OpResult
  /** For indeterminate writes: whether the store applied it. */
  readonly applied: boolean
}

export interface Simulation {
  /** Ok writes/deletes the broken store silently drops (by plan index). */
  readonly drop?: ReadonlySet<number>
}

/**
 * Runs a plan against a linearizable in-memory store: each op takes effect at one instant inside its
 * interval (an indeterminate write possibly later, or never), failed ops never. Then every node reads
 * every key once, strictly after everything. Values are unique per write: `v<index>`.
 */
export function simulate(plan: readonly PlannedOp[], nodes: number, keys: number, sim: Simulation = {}) {
  type Step = { index: number; point: number; planned: PlannedOp }
  const steps: Step[] = plan.map((planned, index) => {
    // A duration of at least 2 keeps the point strictly inside the interval; indeterminate writes and
    // deletes may land later. A read is recorded ok (with its value), so it takes effect within its
    // interval whatever result was drawn for it.
    const late = planned.result === 'info' && planned.kind !== 'read'
    const span = late ? planned.duration * 3 : planned.duration
    return { index, planned, point: planned.start + Math.max(0.5, planned.at * span) }
  })
  steps.sort((a, b) => a.point - b.point || a.index - b.index)
  const store = new Map<string, unknown>()
  const readValues = new Map<number, unknown>()
  for (const { index, planned } of steps) {
    const key = `k${planned.key}`
    if (planned.kind === 'read') {
      readValues.set(index, store.get(key))
      continue
    }
    if (planned.result === 'fail' || (planned.result === 'info' && !planned.applied)) continue
    if (sim.drop?.has(index)) continue
    if (planned.kind === 'write') store.set(key, `v${index}`)
    else store.delete(key)
  }
  const ops: RecordedOp[] = plan.map((p, index) => {
    const base = { node: `n${p.node}`, key: `k${p.key}`, start: p.start, end: p.start + p.duration }
    if (p.kind === 'read') return { ...base, kind: 'read', result: 'ok', value: readValues.get(index) }
    if (p.kind === 'delete') return { ...base, kind: 'delete', result: p.result }
    return { ...base, kind: 'write', result: p.result, value: `v${index}` }
  })
  const settled = Math.max(0, ...plan.map((p) => p.start + p.duration * 3)) + 10
  let t = settled
  for (let n = 0; n < nodes; n++) {
    for (let k = 0; k < keys; k++) {
      ops.push(r(`n${n}`, `k${k}`, store.get(`k${k}`), t, t + 1))
      t += 2
    }
  }
  return { history: historyOf(ops, settled), ops }
}
