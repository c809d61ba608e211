import { WaitTimeoutError, waitUntil } from 'handoff-harness'
import { describe, expect, it } from 'vitest'

describe('waitUntil', () => {
  it('returns the first value that is not false, retrying throws and false', async () => {
    let n = 0
    const value = await waitUntil(() => {
      n++
      if (n < 3) throw new Error('not yet')
      if (n < 5) return false
      return { n }
    })
    expect(value).toEqual({ n: 5 })
  })

  it('on the deadline throws WaitTimeoutError with the last error, attempts and elapsed time', async () => {
    const err = await waitUntil(
      () => {
        throw new Error('expected 1 to be 2')
      },
      { timeoutMs: 60, intervalMs: 5, message: 'replica converged' },
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WaitTimeoutError)
    const timeout = err as WaitTimeoutError
    expect(timeout.attempts).toBeGreaterThan(1)
    expect(timeout.elapsedMs).toBeGreaterThanOrEqual(55)
    expect((timeout.lastError as Error).message).toBe('expected 1 to be 2')
    expect(timeout.message).toMatch(
      /replica converged did not hold after \d+ attempts .* last error: expected 1 to be 2/,
    )
  })

  it('the deadline holds even when the probe never settles', async () => {
    const err = await waitUntil(() => new Promise(() => {}), { timeoutMs: 50 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WaitTimeoutError)
    expect((err as WaitTimeoutError).attempts).toBe(1)
  })

  it('scales its default timeout by HANDOFF_TIME_FACTOR', async () => {
    const before = process.env.HANDOFF_TIME_FACTOR
    process.env.HANDOFF_TIME_FACTOR = '0.01'
    try {
      const err = await waitUntil(() => false).catch((e: unknown) => e)
      expect((err as WaitTimeoutError).elapsedMs).toBeLessThan(2000)
      expect((err as WaitTimeoutError).message).toContain('the probe kept returning false')
    } finally {
      if (before === undefined) delete process.env.HANDOFF_TIME_FACTOR
      else process.env.HANDOFF_TIME_FACTOR = before
    }
  })
})
