/** The one link-delay shape (harness/faults): checked, resolved and shown the same by every injector. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkDelay, describeDelay, resolveDelay } from '../../harness/faults/index.js'

describe('link delay', () => {
  it('accepts non-negative figures and rejects negative or NaN ones, naming both', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), fc.option(fc.double(), { nil: undefined }), (ms, jitterMs) => {
        const ok = ms >= 0 && (jitterMs ?? 0) >= 0
        const delay = jitterMs === undefined ? { ms } : { ms, jitterMs }
        if (ok) expect(() => checkDelay(delay)).not.toThrow()
        else expect(() => checkDelay(delay)).toThrow(/delay must be non-negative, got .* ms ± .* ms/)
      }),
    )
  })

  it('resolves a missing jitter to 0 (or the given default) and keeps a given one', () => {
    expect(resolveDelay({ ms: 20 })).toEqual({ ms: 20, jitterMs: 0 })
    expect(resolveDelay({ ms: 20 }, 10)).toEqual({ ms: 20, jitterMs: 10 })
    expect(resolveDelay({ ms: 20, jitterMs: 3 }, 10)).toEqual({ ms: 20, jitterMs: 3 })
  })

  it('is shown as the proxy log shows it', () => {
    expect(describeDelay({ ms: 20, jitterMs: 10 })).toBe('20 ms + ≤10 ms')
    expect(describeDelay({ ms: 5 })).toBe('5 ms + ≤0 ms')
  })
})
