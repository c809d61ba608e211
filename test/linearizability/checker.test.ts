// Hand-written histories with known verdicts, the counterexample window and the time budget.
import { beforeEach, describe, expect, it } from 'vitest'
import {
  checkLinearizability,
  counterexampleTimeline,
  formatLinReport,
} from '../../suites/linearizability/index.js'
import { cas, del, r, reset, w } from './build.js'

beforeEach(reset)

describe('checkLinearizability', () => {
  it('accepts sequential and overlapping histories a register can produce', () => {
    expect(checkLinearizability([w(0, 1, 1), r(2, 3, 1), del(4, 5), r(6, 7, undefined)]).verdict).toBe(
      'linearizable',
    )
    // The read overlaps the write: either value is fine.
    expect(checkLinearizability([w(0, 1, 1), w(2, 10, 2, { client: 'c2' }), r(3, 4, 1)]).verdict).toBe(
      'linearizable',
    )
    expect(checkLinearizability([w(0, 1, 1), w(2, 10, 2, { client: 'c2' }), r(3, 4, 2)]).verdict).toBe(
      'linearizable',
    )
    expect(checkLinearizability([]).verdict).toBe('linearizable')
  })

  it('rejects a stale read after a completed write, and names the two operations', () => {
    const ops = [w(0, 1, 1), w(2, 3, 2), r(4, 5, 1, { client: 'c2' }), r(6, 7, 2)]
    const result = checkLinearizability(ops)
    expect(result.verdict).toBe('not-linearizable')
    expect(result.valid).toBe(false)
    expect(result.counterexample?.window.map((o) => o.id)).toEqual([1, 2])
    const text = formatLinReport(result)
    expect(text).toContain('key k: these 2 operations cannot be ordered')
    expect(text).toContain('#1 c1 write 2 [0.0 → 1.0]')
    expect(text).toContain('#2 c2 read → 1 [2.0 → 3.0]')
  })

  it('rejects a read of a value nobody wrote, and reads that go back in time', () => {
    expect(checkLinearizability([w(0, 1, 1), r(2, 3, 7)]).counterexample?.window.map((o) => o.id)).toEqual([
      1,
    ])
    reset()
    // Two concurrent writes; one reader sees 2 then 1, the other 1 then 2: no single order.
    const ops = [
      w(0, 10, 1),
      w(0, 10, 2, { client: 'c2' }),
      r(11, 12, 2, { client: 'c3' }),
      r(13, 14, 1, { client: 'c3' }),
    ]
    expect(checkLinearizability(ops).verdict).toBe('not-linearizable')
  })

  it('checks compare-and-set outcomes against the register', () => {
    expect(checkLinearizability([w(0, 1, 1), cas(2, 3, 1, 2, true), r(4, 5, 2)]).verdict).toBe('linearizable')
    expect(checkLinearizability([w(0, 1, 1), cas(2, 3, 1, 2, false)]).verdict).toBe('not-linearizable')
    // Two CAS from the same value both succeeding: a lost update.
    const lost = [w(0, 1, 0), cas(2, 5, 0, 1, true), cas(2, 5, 0, 2, true, { client: 'c2' })]
    expect(checkLinearizability(lost).verdict).toBe('not-linearizable')
  })

  it('lets an operation that never returned take effect late, or never', () => {
    const pending = w(0, undefined, 2, { result: 'info' })
    expect(checkLinearizability([w(0, 1, 1), pending, r(5, 6, 1), r(7, 8, 2)]).verdict).toBe('linearizable')
    reset()
    expect(checkLinearizability([w(0, 1, 1), w(0, undefined, 2), r(5, 6, 1)]).verdict).toBe('linearizable')
    reset()
    // Once seen, it cannot be undone.
    const seen = [w(0, 1, 1), w(2, undefined, 2, { result: 'info' }), r(5, 6, 2), r(7, 8, 1)]
    expect(checkLinearizability(seen).verdict).toBe('not-linearizable')
    reset()
    // A failed write certainly did not happen.
    expect(checkLinearizability([w(0, 1, 2, { result: 'fail' }), r(2, 3, 2)]).verdict).toBe(
      'not-linearizable',
    )
  })

  it('checks keys independently and reports every failing key', () => {
    const ops = [
      w(0, 1, 1, { key: 'a' }),
      r(2, 3, 1, { key: 'b' }),
      w(0, 1, 1, { key: 'c' }),
      r(2, 3, 2, { key: 'c' }),
    ]
    const result = checkLinearizability(ops)
    expect(result.keys).toBe(3)
    expect(result.failedKeys).toEqual(['b', 'c'])
    expect(result.counterexample?.key).toBe('b')
  })

  it('ends in unknown, not a hang, when the time budget runs out', () => {
    // 22 concurrent writes and a read of a value none wrote: the search must try every subset.
    const ops = Array.from({ length: 22 }, (_, i) => w(0, 100, i + 1, { client: `c${i}` }))
    ops.push(r(0, 100, 999, { client: 'reader' }), r(0, 100, 998, { client: 'reader2' }))
    const started = performance.now()
    const result = checkLinearizability(ops, { timeBudgetMs: 50 })
    expect(result.verdict).toBe('unknown')
    expect(result.valid).toBeUndefined()
    expect(result.unknownKeys).toEqual(['k'])
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(formatLinReport(result)).toContain('1 key(s) unknown (time budget spent)')
  })

  it('draws the counterexample as an HTML timeline', () => {
    const result = checkLinearizability([w(0, 1, 1), w(2, 3, 2), r(4, 5, 1, { client: 'c2' })])
    const html = counterexampleTimeline(result.counterexample!, {
      events: [{ name: 'kill', time: 2.5, detail: 'n1' }],
    })
    expect(html).toMatch(/^<figure class="linearizability-counterexample"><svg/)
    expect(html).toContain('#2 read → 1')
    expect(html).toContain('kill n1')
    expect(html).toContain('</svg><figcaption>key k: these 2 operations')
  })
})

describe('linOpsFromHistory', () => {
  it('judges a handoff History: stash/pickup/remove as write/read/delete, node as client', async () => {
    const { History } = await import('../../suites/history/index.js')
    const { linOpsFromHistory } = await import('../../suites/linearizability/index.js')
    let t = 0
    const history = new History({ now: () => t++ })
    const a = history.invoke({ node: 'n1', kind: 'write', key: 'k', value: 1 })
    history.complete(a, { result: 'ok' })
    const b = history.invoke({ node: 'n2', kind: 'read', key: 'k' })
    history.complete(b, { result: 'ok', value: 1 })
    const c = history.invoke({ node: 'n2', kind: 'delete', key: 'k' })
    history.complete(c, { result: 'ok' })
    const d = history.invoke({ node: 'n1', kind: 'read', key: 'k' })
    history.complete(d, { result: 'ok', value: 1 })
    const ops = linOpsFromHistory(history.ops())
    expect(ops[1]).toMatchObject({ client: 'n2', kind: 'read', output: 1, start: 2, end: 3, result: 'ok' })
    const result = checkLinearizability(ops)
    expect(result.verdict).toBe('not-linearizable')
    expect(result.counterexample?.window.map((o) => o.id)).toEqual([2, 3])
  })
})
