// The checker against a brute-force search over every order, on small generated histories.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkLinearizability, type LinOp } from '../../suites/linearizability/index.js'
import { bruteForce } from './build.js'

const VALUES = [undefined, 1, 2, 3] as const

/** Small histories of 1–3 clients on 1–2 keys; outputs arbitrary, so both verdicts occur. */
const history = fc
  .array(
    fc.record({
      client: fc.constantFrom('a', 'b', 'c'),
      key: fc.constantFrom('x', 'y'),
      kind: fc.constantFrom('read', 'read', 'write', 'cas', 'delete'),
      value: fc.constantFrom(1, 2, 3),
      expected: fc.constantFrom(...VALUES),
      readOut: fc.constantFrom(...VALUES),
      casOut: fc.boolean(),
      start: fc.nat(20),
      duration: fc.nat(8),
      result: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'info', 'fail', 'never'),
    }),
    { maxLength: 7 },
  )
  .map((specs) =>
    specs.map((s, id): LinOp => {
      const op: Record<string, unknown> = { id, client: s.client, key: s.key, kind: s.kind, start: s.start }
      if (s.result !== 'never') {
        op.end = s.start + s.duration
        op.result = s.result
      }
      if (s.kind === 'write' || s.kind === 'cas') op.value = s.value
      if (s.kind === 'cas') op.expected = s.expected
      if (s.result === 'ok' && s.kind === 'read') op.output = s.readOut
      if (s.result === 'ok' && s.kind === 'cas') op.output = s.casOut
      return op as unknown as LinOp
    }),
  )

/** Histories a real register produced: each op takes effect at a point inside its interval. */
const produced = history.map((ops) => {
  const at = new Map(
    ops.map((o) => [o.id, o.start + (((o.end ?? o.start + 5) - o.start) * ((o.id * 7) % 10)) / 10]),
  )
  const state = new Map<string, unknown>()
  const fixed = new Map<number, LinOp>()
  for (const o of [...ops].sort((a, b) => at.get(a.id)! - at.get(b.id)!)) {
    const cur = state.get(o.key)
    const effective = o.result !== 'fail' && !(o.result === undefined && o.id % 2 === 0)
    if (o.kind === 'read') fixed.set(o.id, o.result === 'ok' ? { ...o, output: cur } : o)
    else if (o.kind === 'cas') {
      const match = cur === o.expected
      if (match && effective) state.set(o.key, o.value)
      fixed.set(o.id, o.result === 'ok' ? { ...o, output: match } : o)
    } else {
      if (effective) state.set(o.key, o.kind === 'write' ? o.value : undefined)
      fixed.set(o.id, o)
    }
  }
  return ops.map((o) => fixed.get(o.id)!)
})

describe('checkLinearizability against brute force', () => {
  it('agrees on arbitrary small histories', () => {
    fc.assert(
      fc.property(history, (ops) => {
        expect(checkLinearizability(ops).valid).toBe(bruteForce(ops))
      }),
      { numRuns: 1500 },
    )
  })

  it('accepts every history a register produced', () => {
    fc.assert(
      fc.property(produced, (ops) => {
        expect(bruteForce(ops)).toBe(true)
        expect(checkLinearizability(ops).verdict).toBe('linearizable')
      }),
      { numRuns: 500 },
    )
  })

  it('gives a window that brute force cannot order either, from any value the key may have held', () => {
    fc.assert(
      fc.property(history, (ops) => {
        const result = checkLinearizability(ops)
        fc.pre(result.counterexample !== undefined)
        const c = result.counterexample!
        expect(c.window.length).toBeGreaterThan(0)
        expect(c.window.every((o) => o.key === c.key)).toBe(true)
        // Whatever the key held before: absent, or a value written by an operation that returned before
        // the window began (those left out must be ordered before it).
        const begin = Math.min(...c.window.map((o) => o.start))
        const before = (o: LinOp) => o.end !== undefined && o.end < begin && o.result !== 'fail'
        const written = ops.filter((o) => o.key === c.key && before(o) && o.value !== undefined)
        const starts = c.fromStart ? [undefined] : [undefined, ...written.map((o) => o.value)]
        for (const v of starts) expect(bruteForce(c.window, new Map([[c.key, v]]))).toBe(false)
      }),
      { numRuns: 800 },
    )
  })
})
