// Hand-written histories, one per anomaly, with times in ms. Final reads are those after the mark.
import { describe, expect, it } from 'vitest'
import { checkHistory, formatReport, History } from '../../../suites/history/index.js'
import { d, historyOf, r, w } from './build.js'

const ids = (entries: readonly { write: { id: number } }[]) => entries.map((e) => e.write.id)

describe('checkHistory: lost writes', () => {
  it('reports an acknowledged write that the final reads do not show', () => {
    const h = historyOf(
      [
        w('n1', 'a', 'x1', 0, 2),
        w('n1', 'a', 'x2', 3, 5),
        r('n1', 'a', 'x1', 20, 21),
        r('n2', 'a', 'x1', 20, 22),
      ],
      10,
    )
    const report = checkHistory(h)
    expect(report.valid).toBe(false)
    expect(ids(report.lost)).toEqual([1])
    expect(report.lost[0]!.explanation).toMatch(
      /key "a": write "x2" on n1 at \+3\.0\.\.\+5\.0 ms \(ok\) is lost/,
    )
    expect(report.lost[0]!.explanation).toContain('n1 → "x1", n2 → "x1"')
  })

  it('accepts a write superseded by a later acknowledged write', () => {
    const h = historyOf([w('n1', 'a', 'x1', 0, 2), w('n2', 'a', 'x2', 3, 5), r('n1', 'a', 'x2', 20, 21)], 10)
    const report = checkHistory(h)
    expect(report.valid).toBe(true)
    expect(report.lost).toEqual([])
  })

  it('lets concurrent writes lose to each other only when one of them won', () => {
    const concurrent = [w('n1', 'a', 'x0', 0, 1), w('n1', 'a', 'x1', 5, 10), w('n2', 'a', 'x2', 6, 9)]
    for (const winner of ['x1', 'x2']) {
      const report = checkHistory(historyOf([...concurrent, r('n1', 'a', winner, 20, 21)], 15))
      expect(report.lost).toEqual([])
    }
    const neither = checkHistory(historyOf([...concurrent, r('n1', 'a', 'x0', 20, 21)], 15))
    expect(ids(neither.lost)).toEqual([1, 2])
  })

  it('treats writes within concurrencyWindowMs as concurrent', () => {
    const h = historyOf([w('n1', 'a', 'x1', 0, 2), w('n2', 'a', 'x2', 3, 5), r('n1', 'a', 'x1', 20, 21)], 10)
    expect(checkHistory(h).lost).toHaveLength(1)
    expect(checkHistory(h, { concurrencyWindowMs: 2 }).lost).toEqual([])
  })

  it('reports a lost delete (the key came back) but accepts a delete concurrent with the write', () => {
    const resurrected = historyOf(
      [w('n1', 'a', 'x', 0, 2), d('n2', 'a', 3, 4), r('n1', 'a', 'x', 20, 21)],
      10,
    )
    const report = checkHistory(resurrected)
    expect(report.lost.map((l) => l.write.kind)).toEqual(['delete'])
    expect(report.lost[0]!.explanation).toMatch(/delete on n2 .* is lost/)
    const addWins = historyOf([w('n1', 'a', 'x', 0, 4), d('n2', 'a', 1, 3), r('n1', 'a', 'x', 20, 21)], 10)
    expect(checkHistory(addWins).valid).toBe(true)
  })

  it('reports a write lost when the key is absent at the end', () => {
    const report = checkHistory(historyOf([w('n1', 'a', 'x', 0, 2), r('n2', 'a', undefined, 20, 21)], 10))
    expect(report.lost[0]!.explanation).toContain('n2 → (absent)')
  })

  it('judges a write only by final reads that started after it completed', () => {
    const h = historyOf([r('n2', 'a', undefined, 10, 12), w('n1', 'a', 'x', 9, 11)], 10)
    const report = checkHistory(h)
    expect(report.lost).toEqual([])
    expect(report.counts.unverified).toBe(1)
  })

  it('uses the last final read per node and warns when no final read exists', () => {
    const h = historyOf(
      [w('n1', 'a', 'x', 0, 2), r('n2', 'a', undefined, 11, 12), r('n2', 'a', 'x', 13, 14)],
      10,
    )
    // Only the last read per node is final; the earlier retry is a stale read, not a lost write.
    const report = checkHistory(h)
    expect(report.lost).toEqual([])
    expect(report.stale).toHaveLength(1)
    const none = checkHistory(historyOf([w('n1', 'a', 'x', 0, 2)], 10))
    expect(none.counts.unverified).toBe(1)
    expect(none.warnings[0]).toMatch(/no final read .* "a"/)
  })
})

describe('checkHistory: indeterminate writes', () => {
  it('never counts an unobserved indeterminate write as lost', () => {
    const h = historyOf([w('n1', 'a', 'x', 0, 2, 'info'), r('n2', 'a', undefined, 20, 21)], 10)
    const report = checkHistory(h)
    expect(report.valid).toBe(true)
    expect(report.neverRead).toEqual([])
  })

  it('lets an indeterminate write be observed, even over a later acknowledged write', () => {
    // The info write may have taken effect after it timed out, so it may beat x2.
    const h = historyOf(
      [w('n1', 'a', 'x1', 0, 2, 'info'), w('n2', 'a', 'x2', 5, 6), r('n2', 'a', 'x1', 20, 21)],
      10,
    )
    const report = checkHistory(h)
    expect(report.valid).toBe(true)
    expect(report.stale).toEqual([])
  })

  it('treats a pending (never completed) write as indeterminate', () => {
    const h = new History({ now: () => 0 })
    h.invoke({ node: 'n1', kind: 'write', key: 'a', value: 'x' })
    h.record(r('n2', 'a', 'x', 20, 21))
    const report = checkHistory(h, { finalAfter: 10 })
    expect(report.valid).toBe(true)
    expect(report.counts.info).toBe(1)
  })
})

describe('checkHistory: stale reads', () => {
  const h = historyOf(
    [
      w('n1', 'a', 'x1', 0, 2),
      w('n1', 'a', 'x2', 3, 5),
      r('n2', 'a', 'x1', 10, 11),
      r('n1', 'a', 'x1', 6, 7),
      r('n2', 'a', 'x2', 30, 31),
    ],
    20,
  )

  it('reports reads older than a write completed before they started, with lag and node', () => {
    const report = checkHistory(h)
    expect(report.stale.map((s) => [s.read.node, s.missed.id, s.lagMs, s.sameNode])).toEqual([
      ['n1', 1, 1, true],
      ['n2', 1, 5, false],
    ])
    expect(report.stale[1]!.explanation).toMatch(
      /read → "x1" on n2 .* is stale: it started 5\.0 ms after write "x2"/,
    )
    expect(report.valid).toBe(false)
  })

  it('lets the caller set a settle window (per same/other node) and an allowance', () => {
    expect(checkHistory(h, { settleMs: 5 }).stale).toHaveLength(1)
    expect(checkHistory(h, { settleMs: 5, sameNodeSettleMs: 1 }).stale).toEqual([])
    const allowed = checkHistory(h, { staleAllowance: 2 })
    expect(allowed.stale).toHaveLength(2)
    expect(allowed.valid).toBe(true)
  })

  it('does not call a read concurrent with the write stale', () => {
    const report = checkHistory(
      historyOf([w('n1', 'a', 'x', 0, 5), r('n2', 'a', undefined, 4, 6), r('n2', 'a', 'x', 20, 21)], 10),
    )
    expect(report.stale).toEqual([])
  })
})

describe('checkHistory: never-read, divergence, phantom', () => {
  it('reports acknowledged writes no read returned, as information only', () => {
    const report = checkHistory(
      historyOf([w('n1', 'a', 'x1', 0, 1), w('n1', 'a', 'x2', 2, 3), r('n2', 'a', 'x2', 20, 21)], 10),
    )
    expect(ids(report.neverRead)).toEqual([0])
    expect(report.neverRead[0]!.explanation).toMatch(/write "x1" on n1 .* was never returned by any read/)
    expect(report.valid).toBe(true)
  })

  it('reports final reads that disagree across nodes', () => {
    const h = historyOf(
      [
        w('n1', 'a', 'x1', 0, 5),
        w('n2', 'a', 'x2', 1, 4),
        r('n1', 'a', 'x1', 20, 21),
        r('n2', 'a', 'x2', 20, 21),
      ],
      10,
    )
    const report = checkHistory(h)
    expect(report.lost).toEqual([])
    expect(report.divergent.map((x) => x.key)).toEqual(['a'])
    expect(report.divergent[0]!.explanation).toBe('key "a": final reads disagree: n1 → "x1", n2 → "x2"')
    expect(report.valid).toBe(false)
  })

  it('does not judge divergence when the key was written during the final reads', () => {
    const h = historyOf(
      [
        w('n1', 'a', 'x1', 0, 5),
        r('n1', 'a', 'x1', 20, 21),
        w('n2', 'a', 'x2', 20, 22),
        r('n2', 'a', 'x2', 25, 26),
      ],
      10,
    )
    const report = checkHistory(h)
    expect(report.divergent).toEqual([])
    expect(report.warnings.join('\n')).toMatch(/key "a": 1 write\(s\) started during the final reads/)
  })

  it('reports reads of values never written, only written by a failed write, or written later', () => {
    const h = historyOf([
      w('n1', 'a', 'f', 0, 1, 'fail'),
      r('n2', 'a', 'f', 2, 3),
      r('n2', 'a', 'zz', 4, 5),
      r('n2', 'a', 'later', 6, 7),
      w('n1', 'a', 'later', 8, 9),
    ])
    const report = checkHistory(h)
    expect(report.phantom.map((p) => p.read.value)).toEqual(['f', 'zz', 'later'])
    expect(report.phantom[0]!.explanation).toContain('only a failed write wrote')
    expect(report.phantom[1]!.explanation).toContain('no write invoked before the read ended wrote')
    expect(report.valid).toBe(false)
  })

  it('matches values by content, whatever the key order of objects', () => {
    const h = historyOf([w('n1', 'a', { x: 1, y: [2] }, 0, 1), r('n2', 'a', { y: [2], x: 1 }, 20, 21)], 10)
    expect(checkHistory(h).valid).toBe(true)
  })

  it('warns when one value was written twice to a key', () => {
    const h = historyOf(
      [w('n1', 'a', 'same', 0, 1), w('n2', 'a', 'same', 2, 3), r('n1', 'a', 'same', 20, 21)],
      10,
    )
    expect(checkHistory(h).warnings.join('\n')).toContain('value "same" was written more than once')
  })
})

describe('checkHistory: final reads, counts and formatting', () => {
  it('defaults finalAfter to the quiesced mark, else the end of the last write', () => {
    const ops = [w('n1', 'a', 'x', 0, 2), r('n2', 'a', undefined, 5, 6)]
    expect(checkHistory(historyOf(ops)).lost).toHaveLength(1)
    expect(checkHistory(historyOf(ops, 10)).lost).toEqual([])
    expect(checkHistory(historyOf(ops, 10), { finalAfter: 3 }).lost).toHaveLength(1)
    expect(checkHistory(historyOf(ops).ops()).finalAfter).toBe(2)
  })

  it('counts operations by kind and result, and formats a readable report', () => {
    const h = historyOf(
      [
        w('n1', 'a', 'x1', 0, 2),
        w('n1', 'a', 'x2', 3, 5),
        d('n2', 'b', 3, 4, 'fail'),
        w('n2', 'b', 'y', 4, 5, 'info'),
        r('n1', 'a', 'x1', 20, 21),
        r('n2', 'a', 'x1', 20, 22),
      ],
      10,
    )
    const report = checkHistory(h)
    expect(report.counts).toMatchObject({
      ops: 6,
      reads: 2,
      writes: 3,
      deletes: 1,
      ok: 4,
      fail: 1,
      info: 1,
      keys: 2,
      finalReads: 2,
      lost: 1,
      stale: 2,
    })
    const text = formatReport(report)
    expect(text).toMatch(/^history check: INVALID — 1 lost, 2 stale \(allowed 0\), 0 divergent, 0 phantom/)
    expect(text).toContain('lost (1):\n  - key "a": write "x2"')
    expect(text).toMatch(/latency \(ms\) +count +0 +0\.5 +0\.95 +0\.99 +1/)
    expect(text).toMatch(/ {2}write +2 +2\.0 +2\.0 +2\.0 +2\.0 +2\.0/)
    expect(formatReport(checkHistory(historyOf([])))).toMatch(/^history check: VALID/)
  })

  it('elides long anomaly lists', () => {
    const ops = Array.from({ length: 15 }, (_, i) => w('n1', `k${i}`, i, 0, 1))
    const report = checkHistory(
      historyOf([...ops, ...ops.map((op) => r('n2', op.key, undefined, 20, 21))], 10),
    )
    expect(formatReport(report, { maxPerSection: 3 })).toContain('… and 12 more')
  })
})
