import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HISTORY_FORMAT, History, QUIESCED } from '../../../suites/history/index.js'

function clocked() {
  let t = 0
  const h = new History({ now: () => t })
  return { h, at: (time: number) => (t = time) }
}

describe('History', () => {
  it('records invoke and complete with times, node, kind, key and values', () => {
    const { h, at } = clocked()
    at(1)
    const write = h.invoke({ node: 'n1', kind: 'write', key: 'a', value: { id: 1 } })
    at(2)
    const read = h.invoke({ node: 'n2', kind: 'read', key: 'a' })
    at(3)
    h.complete(write, { result: 'ok' })
    at(5)
    h.complete(read.id, { result: 'ok', value: { id: 1 } })
    expect(h.ops()).toEqual([
      { id: 0, node: 'n1', kind: 'write', key: 'a', value: { id: 1 }, start: 1, end: 3, result: 'ok' },
      { id: 1, node: 'n2', kind: 'read', key: 'a', value: { id: 1 }, start: 2, end: 5, result: 'ok' },
    ])
    expect(write.result).toBeUndefined() // the invoke snapshot stays pending
  })

  it('refuses to complete an op twice or an unknown op', () => {
    const h = new History()
    const op = h.invoke({ node: 'n1', kind: 'delete', key: 'a' })
    h.complete(op, { result: 'fail', error: 'nope' })
    expect(() => h.complete(op, { result: 'ok' })).toThrow(/already completed \(fail\)/)
    expect(() => h.complete(7, { result: 'ok' })).toThrow(/no operation #7/)
  })

  it('uses performance.now by default', () => {
    const h = new History()
    const before = performance.now()
    const op = h.invoke({ node: 'n1', kind: 'read', key: 'a' })
    const done = h.complete(op, { result: 'ok' })
    expect(op.start).toBeGreaterThanOrEqual(before)
    expect(done.end).toBeGreaterThanOrEqual(op.start)
  })

  it('run() records ok with the returned value, and info (or the classified result) on a throw', async () => {
    const h = new History()
    await expect(h.run({ node: 'n1', kind: 'read', key: 'a' }, async () => 'x')).resolves.toBe('x')
    const boom = async () => {
      throw new Error('call timed out')
    }
    await expect(h.run({ node: 'n1', kind: 'write', key: 'a', value: 1 }, boom)).rejects.toThrow('timed out')
    await expect(
      h.run({ node: 'n2', kind: 'write', key: 'a', value: 2 }, boom, () => 'fail'),
    ).rejects.toThrow()
    const [read, timedOut, failed] = h.ops()
    expect(read).toMatchObject({ result: 'ok', value: 'x' })
    expect(timedOut).toMatchObject({ result: 'info', value: 1, error: 'call timed out' })
    expect(failed).toMatchObject({ result: 'fail', value: 2 })
  })

  it('keeps marks and finds the last one by name', () => {
    const { h, at } = clocked()
    at(4)
    h.mark('partition', 'n1 | n2')
    at(9)
    h.mark(QUIESCED)
    expect(h.marks()).toEqual([
      { name: 'partition', time: 4, detail: 'n1 | n2' },
      { name: QUIESCED, time: 9 },
    ])
    expect(h.lastMark(QUIESCED)?.time).toBe(9)
    expect(h.lastMark('heal')).toBeUndefined()
  })

  const storedValue = fc.oneof(
    fc.jsonValue(),
    fc.bigInt(),
    fc.date({ noInvalidDate: true }),
    fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, -0),
    fc.array(fc.tuple(fc.string(), fc.integer())).map((entries) => new Map(entries)),
    fc.array(fc.integer()).map((items) => new Set(items)),
    fc.dictionary(fc.string(), fc.jsonValue()).map((o) => ({ $hh: 'user data', ...o })),
  )

  it('round-trips through JSON text, values included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('write', 'read', 'delete'), storedValue)), (specs) => {
        const { h, at } = clocked()
        specs.forEach(([kind, value], i) => {
          at(i)
          const op = h.invoke({ node: `n${i % 3}`, kind, key: `k${i % 2}`, value })
          if (i % 4 === 3) return // left pending
          at(i + 0.5)
          h.complete(op, { result: i % 5 === 0 ? 'info' : 'ok', value })
        })
        h.mark(QUIESCED, 'done')
        const text = JSON.stringify(h)
        const back = History.fromJSON(text)
        expect(back.ops()).toEqual(h.ops())
        expect(back.marks()).toEqual(h.marks())
        expect(JSON.stringify(back)).toBe(text)
      }),
    )
  })

  it('rejects data that is not a history', () => {
    expect(() => History.fromJSON('{"format":"other","ops":[],"marks":[]}')).toThrow(/not a history/)
    const bad = {
      format: HISTORY_FORMAT,
      ops: [{ id: 0, node: 'n', key: 'k', kind: 'poke', start: 0 }],
      marks: [],
    }
    expect(() => History.fromJSON(JSON.stringify(bad))).toThrow(/unknown kind poke/)
  })
})
