/** The failure detector's arithmetic (harness/mesh/liveness.ts), driven with made-up times. */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { LagEstimate, RunClock, Silence } from '../../harness/mesh/liveness.js'

const TICK = 125
const TIMEOUT = 1000

/** Ticks at the given gaps; returns the wall time (since the last frame heard) of the verdict, or null. */
function verdictAfter(gaps: number[], timeoutMs = TIMEOUT): number | null {
  const clock = new RunClock(TICK, 0)
  const silence = new Silence()
  silence.tick(clock.tick(0).creditedMs) // the tick at which the peer was last heard
  let now = 0
  for (const gap of gaps) {
    now += gap
    if (silence.tick(clock.tick(now).creditedMs) >= timeoutMs) return now
  }
  return null
}

describe('failure detector model', () => {
  test('on an idle machine (ticks on time) a silent peer is down after the timeout, to a tick', () => {
    const at = verdictAfter(Array.from({ length: 20 }, () => TICK))
    expect(at).toBe(TIMEOUT)
  })

  test('a tick that comes late is credited at most 1.5 tick lengths', () => {
    const clock = new RunClock(TICK, 0)
    expect(clock.tick(TICK)).toEqual({ lagMs: 0, creditedMs: TICK })
    expect(clock.tick(TICK + 5000)).toEqual({ lagMs: 5000 - TICK, creditedMs: TICK * 1.5 })
    expect(clock.ranMs).toBe(TICK * 2.5)
  })

  test('a node that was itself not scheduled does not blame its peers for that time', () => {
    // One stall of 30 s (the process was stopped or starved): a single tick, no verdict.
    expect(verdictAfter([30_000])).toBeNull()
    // Stalls of 10 s each: a verdict needs as many ticks as 1 s of credited time takes.
    expect(verdictAfter([10_000, 10_000, 10_000, 10_000, 10_000])).toBeNull()
  })

  test('property: a verdict never comes before the timeout, and needs at least timeout / 1.5 ticks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        const clock = new RunClock(TICK, 0)
        const silence = new Silence()
        silence.tick(clock.tick(0).creditedMs)
        let now = 0
        for (const [i, gap] of gaps.entries()) {
          now += gap
          if (silence.tick(clock.tick(now).creditedMs) >= TIMEOUT) {
            expect(now).toBeGreaterThanOrEqual(TIMEOUT)
            expect(i + 1).toBeGreaterThanOrEqual(Math.ceil(TIMEOUT / (TICK * 1.5)))
            return
          }
        }
      }),
    )
  })

  test('property: any frame heard resets the silence; silence never exceeds the credited time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 2000 }), heard: fc.boolean() }), {
          maxLength: 80,
        }),
        (steps) => {
          const clock = new RunClock(TICK, 0)
          const silence = new Silence()
          let now = 0
          let sinceHeard = 0
          let fresh = true // a new link counts as just heard
          for (const { gap, heard } of steps) {
            now += gap
            if (heard) silence.hear()
            const { creditedMs } = clock.tick(now)
            sinceHeard = heard || fresh ? 0 : sinceHeard + creditedMs
            fresh = false
            expect(silence.tick(creditedMs)).toBe(sinceHeard)
          }
        },
      ),
    )
  })

  test('the timeout stretches with this node’s recent lag, up to 5 × the base, and relaxes again', () => {
    const lag = new LagEstimate(0)
    expect(lag.timeout(TIMEOUT, 0)).toBe(TIMEOUT)
    lag.note(300, 0)
    expect(lag.timeout(TIMEOUT, 0)).toBe(TIMEOUT + 4 * 300)
    lag.note(50, 10_000) // a smaller lag does not hide the recent worse one, which has halved
    expect(lag.timeout(TIMEOUT, 10_000)).toBe(TIMEOUT + 4 * 150)
    lag.note(60_000, 10_000)
    expect(lag.timeout(TIMEOUT, 10_000)).toBe(5 * TIMEOUT)
    expect(lag.timeout(TIMEOUT, 10_000 + 200_000)).toBeLessThan(TIMEOUT + 1)
  })
})
