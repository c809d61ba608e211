// Properties over generated workloads run against a simulated linearizable store (see build.ts).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkHistory, outcome } from '../../../suites/history/index.js'
import { historyOf, type PlannedOp, r, simulate } from './build.js'

const NODES = 3
const KEYS = 3

const plannedOp = (results: fc.Arbitrary<PlannedOp['result']>) =>
  fc.record({
    node: fc.nat(NODES - 1),
    kind: fc.constantFrom('write', 'write', 'read', 'read', 'delete'),
    key: fc.nat(KEYS - 1),
    start: fc.nat(500),
    duration: fc.integer({ min: 2, max: 40 }),
    at: fc.double({ min: 0, max: 0.999, noNaN: true }),
    result: results,
    applied: fc.boolean(),
  })

/** Ops one after another (no overlap), all ok: a single client's linear history. */
const linearPlan = fc
  .array(plannedOp(fc.constant('ok')), { minLength: 1, maxLength: 40 })
  .map((plan) => plan.map((p, i) => ({ ...p, start: i * 10, duration: 5 })))

const anyPlan = fc.array(plannedOp(fc.constantFrom('ok', 'ok', 'ok', 'info', 'fail')), { maxLength: 60 })

describe('checkHistory properties', () => {
  it('a linear fault-free history is always valid', () => {
    fc.assert(
      fc.property(linearPlan, (plan) => {
        const report = checkHistory(simulate(plan, NODES, KEYS).history)
        expect(report.valid).toBe(true)
        expect(report.stale).toEqual([])
      }),
    )
  })

  it('any linearizable history (overlapping ops, indeterminate and failed writes) is valid', () => {
    fc.assert(
      fc.property(anyPlan, (plan) => {
        const report = checkHistory(simulate(plan, NODES, KEYS).history)
        expect(report.lost).toEqual([])
        expect(report.stale).toEqual([])
        expect(report.divergent).toEqual([])
        expect(report.phantom).toEqual([])
        expect(report.valid).toBe(true)
      }),
    )
  })

  it('a dropped write that nothing overwrites is reported lost, and only it', () => {
    fc.assert(
      fc.property(linearPlan, fc.nat(), (plan, pick) => {
        const lastMutation = new Map<number, number>()
        for (const [i, p] of plan.entries()) if (p.kind !== 'read') lastMutation.set(p.key, i)
        const candidates = [...lastMutation.values()].filter((i) => plan[i]!.kind === 'write')
        fc.pre(candidates.length > 0)
        const dropped = candidates[pick % candidates.length]!
        const report = checkHistory(simulate(plan, NODES, KEYS, { drop: new Set([dropped]) }).history)
        expect(report.lost.map((l) => l.write.id)).toEqual([dropped])
        expect(report.valid).toBe(false)
      }),
    )
  })

  it('indeterminate writes are never counted lost, whatever the store drops', () => {
    fc.assert(
      fc.property(anyPlan, fc.array(fc.nat()), (plan, drops) => {
        const drop = new Set(drops.map((i) => i % Math.max(1, plan.length)))
        const report = checkHistory(simulate(plan, NODES, KEYS, { drop }).history)
        for (const lost of report.lost) expect(outcome(lost.write)).toBe('ok')
      }),
    )
  })

  it('a final read that disagrees with the other nodes is reported divergent', () => {
    fc.assert(
      fc.property(linearPlan, fc.nat(NODES - 1), fc.nat(KEYS - 1), (plan, node, key) => {
        const { ops } = simulate(plan, NODES, KEYS)
        const finals = ops.filter((op) => op.kind === 'read' && op.key === `k${key}`).slice(-NODES)
        const truth = finals[0]!.value
        const other = truth === undefined ? 'bogus' : undefined
        const broken = ops.map((op) =>
          op === finals[node] ? r(op.node, op.key, other, op.start, op.end) : op,
        )
        const report = checkHistory(historyOf(broken), { finalAfter: finals[0]!.start - 1 })
        expect(report.divergent.map((x) => x.key)).toEqual([`k${key}`])
        expect(report.valid).toBe(false)
      }),
    )
  })
})
