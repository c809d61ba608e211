import { describe, expect, test } from 'vitest'
import {
  answerExchange,
  type ExchangeReply,
  type ExchangeRequest,
  runExchange,
} from '../../fixtures/store/exchange.js'
import { decode, encode } from '../../fixtures/store/messages.js'
import { ReplicaState } from '../../fixtures/store/replica-state.js'
import type { Diff } from '../../fixtures/store/replica-types.js'

// The anti-entropy protocol on its own: both sides of exchange.ts, over a channel that only encodes and
// decodes (no transport, no timers), against the replica's real state.

function state(replicaId: string, onDiffs?: (diffs: Diff<unknown>[]) => void) {
  return new ReplicaState<unknown>({ name: 't', replicaId, onDiffs, log: () => {} })
}

/** A channel to `to` that answers in process, counting requests by kind. */
function channelTo(to: ReplicaState<unknown>) {
  const kinds: string[] = []
  return {
    kinds,
    active: true,
    async request<R extends ExchangeReply>(msg: ExchangeRequest): Promise<R> {
      kinds.push(msg.t)
      const request = decode<ExchangeRequest>(encode(msg))
      return decode<R>(encode(answerExchange(to, request)))
    },
  }
}

const put = (s: ReplicaState<unknown>, key: string, value: unknown) =>
  s.report([s.committed(s.put(key, value))!])

describe('anti-entropy exchange (exchange.ts), both sides in process', () => {
  test('equal states converge at the first request', async () => {
    const a = state('a')
    const b = state('b')
    const ch = channelTo(b)
    expect(await runExchange(a, 10, ch)).toEqual({ converged: true, keysShipped: 0, requests: 1 })
    expect(ch.kinds).toEqual(['root'])
  })

  test('a neighbour missing every key gets them all in batches of maxSyncSize, and reports them', async () => {
    const a = state('a')
    for (let i = 0; i < 25; i++) put(a, `k${i}`, i)
    const seen: Diff<unknown>[] = []
    const b = state('b', (diffs) => seen.push(...diffs))
    const ch = channelTo(b)
    const outcome = await runExchange(a, 10, ch)
    expect(outcome).toMatchObject({ converged: false, keysShipped: 25 })
    expect(ch.kinds.filter((k) => k === 'delta')).toHaveLength(3)
    expect(b.toMap()).toEqual(a.toMap())
    expect(seen).toHaveLength(25)
    expect(await runExchange(a, 10, channelTo(b))).toMatchObject({ converged: true })
  })

  test('only keys whose state differs are shipped; a key the neighbour is ahead on is not', async () => {
    const a = state('a')
    const b = state('b')
    for (let i = 0; i < 50; i++) put(a, `k${i}`, i)
    await runExchange(a, 100, channelTo(b))
    put(a, 'k1', 'newer on a')
    // b is ahead on k2: it holds a's write and its own later one.
    put(b, 'k2', 'newer on b')
    const ch = channelTo(b)
    const outcome = await runExchange(a, 100, ch)
    expect(ch.kinds).toContain('versions')
    expect(outcome.keysShipped).toBe(1)
    expect(b.get('k1')).toBe('newer on a')
    expect(b.get('k2')).toBe('newer on b')
  })

  test('an inactive channel abandons the exchange before its first request', async () => {
    const ch = { ...channelTo(state('b')), active: false }
    await expect(runExchange(state('a'), 10, ch)).rejects.toThrow(/dropped/)
    expect(ch.kinds).toEqual([])
  })
})
