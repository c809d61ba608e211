import { afterEach, describe, expect, test, vi } from 'vitest'
import { ACK_DELAY_MS, ACK_EVERY, PushAcks } from '../../fixtures/store/push-acks.js'

// The receiving side of push flow control (push-acks.ts): cumulative, per sender, by count or by timer.
afterEach(() => {
  vi.useRealTimers()
})

describe('push acks', () => {
  test('one cumulative ack per ACK_EVERY pushes of a sender, each sender on its own', () => {
    const sent: Array<[string, number]> = []
    const acks = new PushAcks((peer, seq) => sent.push([peer, seq]))
    for (let seq = 1; seq <= ACK_EVERY; seq++) {
      acks.received('a', seq)
      if (seq <= 3) acks.received('b', 100 + seq)
    }
    expect(sent).toEqual([['a', ACK_EVERY]])
    for (let seq = ACK_EVERY + 1; seq <= 2 * ACK_EVERY; seq++) acks.received('a', seq)
    expect(sent).toEqual([
      ['a', ACK_EVERY],
      ['a', 2 * ACK_EVERY],
    ])
    acks.stop()
  })

  test('a lone push is acknowledged ACK_DELAY_MS later; stop cancels what is pending', () => {
    vi.useFakeTimers()
    const sent: Array<[string, number]> = []
    const acks = new PushAcks((peer, seq) => sent.push([peer, seq]))
    acks.received('a', 1)
    acks.received('b', 7)
    acks.received('a', 2)
    vi.advanceTimersByTime(ACK_DELAY_MS - 1)
    expect(sent).toEqual([])
    vi.advanceTimersByTime(1)
    expect(sent.sort()).toEqual([
      ['a', 2],
      ['b', 7],
    ])
    acks.received('a', 3)
    acks.stop()
    vi.advanceTimersByTime(ACK_DELAY_MS)
    expect(sent).toHaveLength(2)
  })
})
