/** The ordered delay queue (harness/faults) on a fake clock: order, delay changes, holding, flush. */
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OrderedDelayQueue, type ResolvedLinkDelay } from '../../harness/faults/index.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function queueOf(delay: { current: ResolvedLinkDelay }, draws: number[] = [], held = { current: false }) {
  const out: Array<{ item: number; at: number }> = []
  let idle = 0
  const queue = new OrderedDelayQueue<number>({
    delay: () => delay.current,
    held: () => held.current,
    deliver: (item) => out.push({ item, at: Date.now() }),
    onIdle: () => {
      idle++
    },
    random: () => draws.shift() ?? 0,
    now: () => Date.now(),
  })
  return { queue, out, idle: () => idle }
}

describe('OrderedDelayQueue', () => {
  it('delivers at once with no delay, and reports idle', () => {
    const { queue, out, idle } = queueOf({ current: { ms: 0, jitterMs: 0 } })
    queue.push(1)
    expect(out.map((o) => o.item)).toEqual([1])
    expect(idle()).toBe(1)
  })

  it('keeps arrival order whatever the jitter, and each item waits at least the delay', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (js) => {
          const start = Date.now()
          const { queue, out } = queueOf({ current: { ms: 10, jitterMs: 50 } }, [...js])
          js.forEach((_, i) => {
            queue.push(i)
          })
          vi.advanceTimersByTime(100)
          expect(out.map((o) => o.item)).toEqual(js.map((_, i) => i))
          for (const o of out) expect(o.at - start).toBeGreaterThanOrEqual(10)
          queue.close()
        },
      ),
    )
  })

  it('applies a delay change to items still waiting', () => {
    const delay = { current: { ms: 1000, jitterMs: 0 } }
    const { queue, out } = queueOf(delay)
    queue.push(1)
    vi.advanceTimersByTime(10)
    expect(out).toEqual([])
    delay.current = { ms: 0, jitterMs: 0 }
    queue.pump()
    expect(out.map((o) => o.item)).toEqual([1])
  })

  it('holds everything while held, and delivers in order once lifted', () => {
    const held = { current: true }
    const { queue, out, idle } = queueOf({ current: { ms: 0, jitterMs: 0 } }, [], held)
    queue.push(1)
    queue.push(2)
    vi.advanceTimersByTime(1000)
    expect(out).toEqual([])
    expect(queue.items).toEqual([1, 2])
    expect(idle()).toBe(0)
    held.current = false
    queue.pump()
    expect(out.map((o) => o.item)).toEqual([1, 2])
  })

  it('flush delivers everything now, in order; close drops everything and ignores later pushes', () => {
    const { queue, out } = queueOf({ current: { ms: 1000, jitterMs: 0 } })
    queue.push(1)
    queue.push(2)
    queue.flush()
    expect(out.map((o) => o.item)).toEqual([1, 2])
    queue.push(3)
    queue.close()
    queue.push(4)
    vi.advanceTimersByTime(5000)
    expect(out.map((o) => o.item)).toEqual([1, 2])
    expect(queue.size).toBe(0)
  })
})
