import { waitUntil } from 'handoff-harness'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { ROUNDS_PER_TICK } from '../../fixtures/store/replica-sync.js'
import { memoryCluster } from './memory-cluster.js'

// The periodic anti-entropy of a replica with many neighbours: with push on (rounds only repair) each
// tick starts rounds with at most ROUNDS_PER_TICK of them, in turn (replica-sync.ts), and state still
// reaches every one; with push off (rounds carry the writes, RS-18) every neighbour gets one each tick.
const others = Array.from({ length: 9 }, (_, i) => `n${i}`)

afterEach(() => {
  vi.useRealTimers()
})

describe('periodic rounds with many neighbours', () => {
  /** Replica `a` with nine neighbours, ticking every 50 ms on a faked interval (the memory network's
   * deliveries stay real); for each of three ticks, how many rounds it started. */
  async function roundsPerTick(push: boolean): Promise<number[]> {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    await using c = memoryCluster({ push, syncIntervalMs: 50 })
    const a = c.start('a')
    for (const n of others) c.start(n)
    a.setNeighbours(others)
    // setNeighbours syncs with every neighbour at once.
    await waitUntil(() => expect(a.stats().exchangesCompleted).toBe(others.length))
    const started: number[] = []
    for (let t = 0; t < 3; t++) {
      const before = a.stats().requestsSent
      const done = a.stats().exchangesCompleted
      vi.advanceTimersByTime(50)
      const n = a.stats().requestsSent - before
      started.push(n)
      await waitUntil(() => expect(a.stats().exchangesCompleted).toBe(done + n))
    }
    return started
  }

  test('with push, a tick starts rounds with ROUNDS_PER_TICK neighbours, the next tick with the next ones', async () => {
    expect(await roundsPerTick(true)).toEqual([ROUNDS_PER_TICK, ROUNDS_PER_TICK, ROUNDS_PER_TICK])
  })

  test('with push off, every tick starts a round with every neighbour (DeltaCrdt timing)', async () => {
    expect(await roundsPerTick(false)).toEqual([others.length, others.length, others.length])
  })

  test('a write with push off still reaches all nine neighbours through the periodic rounds', async () => {
    await using c = memoryCluster({ push: false, syncIntervalMs: 5 })
    const a = c.start('a')
    const rest = others.map((n) => c.start(n))
    a.setNeighbours(others)
    await waitUntil(() => expect(a.stats().exchangesCompleted).toBeGreaterThanOrEqual(others.length))
    a.put('late', 'value')
    await waitUntil(() => expect(rest.map((r) => r.get('late'))).toEqual(others.map(() => 'value')))
  })
})
