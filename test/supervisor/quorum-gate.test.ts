/** The supervisor's quorum gate: a grace period after quorum comes back, ended by its own timer. */
import { afterEach, describe, expect, test, vi } from 'vitest'
import { QuorumGate } from '../../fixtures/supervisor/quorum-gate.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('QuorumGate', () => {
  test('acts at once while quorum was never lost', () => {
    const gate = new QuorumGate(700, () => {})
    expect(gate.settled()).toBe(true)
  })

  test('after a loss, waits the grace period, then asks for a reconcile and lets it act', () => {
    vi.useFakeTimers()
    const over = vi.fn()
    const gate = new QuorumGate(700, over)
    expect(gate.lost()).toBe(true)
    expect(gate.lost()).toBe(false)
    expect(gate.settled()).toBe(false)
    vi.advanceTimersByTime(699)
    expect(gate.settled()).toBe(false)
    vi.advanceTimersByTime(1)
    expect(over).toHaveBeenCalledTimes(1)
    expect(gate.settled()).toBe(true)
  })

  test('the grace ends when its timer fires even if the wall clock lags the timer (a busy event loop)', () => {
    vi.useFakeTimers()
    const gate = new QuorumGate(700, () => {
      answer = gate.settled()
    })
    let answer: boolean | undefined
    gate.lost()
    expect(gate.settled()).toBe(false)
    // Node schedules a timer from the loop's cached time, which can be a few ms behind Date.now().
    vi.setSystemTime(Date.now() - 5)
    vi.advanceTimersByTime(700)
    expect(answer).toBe(true)
  })

  test('a loss during the grace starts a new one; the old timer does not end it', () => {
    vi.useFakeTimers()
    const over = vi.fn()
    const gate = new QuorumGate(700, over)
    gate.lost()
    gate.settled()
    vi.advanceTimersByTime(400)
    gate.lost()
    expect(gate.settled()).toBe(false)
    vi.advanceTimersByTime(300)
    expect(over).not.toHaveBeenCalled()
    expect(gate.settled()).toBe(false)
    vi.advanceTimersByTime(400)
    expect(over).toHaveBeenCalledTimes(1)
    expect(gate.settled()).toBe(true)
  })
})
