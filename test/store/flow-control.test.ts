import { deserialize } from 'node:v8'
import { waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'vitest'
import { DELTA_PIPELINE, DeltaCrdt, MAX_UNACKED_PUSHES, type Transport } from '../../fixtures/store/index.js'
import { MemoryNetwork } from '../support/memory-network.js'

/** Wraps a node's transport to watch what it sends to each peer and how its requests overlap. An
 * exchange opens with a 'root' request; one sent while a request to that peer is still open would mean
 * two exchanges with one neighbour at once. */
function watched(net: MemoryNetwork, name: string) {
  const inner = net.transport(name)
  const open = new Map<string, number>()
  const watch = {
    maxOpenRequests: 0,
    overlappingExchanges: 0,
    exchanges: 0,
    sends: new Map<string, number>(),
  }
  const transport: Transport = {
    ...inner,
    send(peer, service, msg) {
      watch.sends.set(peer, (watch.sends.get(peer) ?? 0) + 1)
      inner.send(peer, service, msg)
    },
    async request(peer, service, msg, timeoutMs) {
      if ((deserialize(msg) as { t: string }).t === 'root') {
        watch.exchanges++
        if ((open.get(peer) ?? 0) > 0) watch.overlappingExchanges++
      }
      const now = (open.get(peer) ?? 0) + 1
      open.set(peer, now)
      watch.maxOpenRequests = Math.max(watch.maxOpenRequests, now)
      try {
        return await inner.request(peer, service, msg, timeoutMs)
      } finally {
        open.set(peer, (open.get(peer) ?? 1) - 1)
      }
    },
  }
  return { transport, watch }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('flow control (RS-20)', () => {
  test('at most one outstanding exchange per neighbour, even with ticks much shorter than an exchange', async () => {
    const net = new MemoryNetwork()
    const names = ['a', 'b', 'c', 'd']
    const nodes = names.map((n) => watched(net, n))
    const rs = nodes.map(({ transport }, i) =>
      DeltaCrdt.start({ name: 's', syncIntervalMs: 2, maxSyncSize: 25, push: false, transport }).merge(
        Object.fromEntries(Array.from({ length: 2000 }, (_, k) => [`${names[i]}${k}`, k])),
      ),
    )
    for (const [i, r] of rs.entries()) r.setNeighbours(names.filter((_, j) => j !== i))
    try {
      // A liveness bound, not a speed goal: 4 × 2,000 keys in batches of 25 take many rounds on a busy CPU.
      await waitUntil(
        () => {
          for (const r of rs) expect(r.toMap().size).toBe(8000)
        },
        { timeoutMs: 30_000 },
      )
      for (const { watch } of nodes) {
        expect(watch.exchanges).toBeGreaterThanOrEqual(3)
        expect(watch.overlappingExchanges).toBe(0)
        expect(watch.maxOpenRequests).toBeLessThanOrEqual(DELTA_PIPELINE)
      }
    } finally {
      await Promise.all(rs.map((r) => r.stop({ flush: false })))
    }
  })

  test('pushes to an unreachable neighbour stop at the window; the backlog is a bounded key set; heal drains it', async () => {
    const net = new MemoryNetwork()
    const a = watched(net, 'a')
    const writer = DeltaCrdt.start({ name: 's', syncIntervalMs: 20, transport: a.transport })
    const reader = DeltaCrdt.start({ name: 's', syncIntervalMs: 20, transport: net.transport('b') })
    writer.setNeighbours(['b'])
    try {
      await writer.flush(1000)
      net.partition(['a'], ['b'])
      const before = a.watch.sends.get('b') ?? 0
      for (let turnNo = 0; turnNo < 100; turnNo++) {
        for (let k = 0; k < 30; k++) writer.put(`k${k}`, turnNo) // the same 30 keys, over and over
        await turn()
      }
      expect((a.watch.sends.get('b') ?? 0) - before).toBeLessThanOrEqual(MAX_UNACKED_PUSHES)
      expect(writer.stats().pushBacklog).toBeLessThanOrEqual(30)
      net.heal()
      await waitUntil(() => expect(reader.toMap()).toEqual(writer.toMap()))
      await waitUntil(() => expect(writer.stats().pushBacklog).toBe(0))
    } finally {
      await Promise.all([writer.stop({ flush: false }), reader.stop({ flush: false })])
    }
  })

  test('a converged round costs one small request and one small reply per neighbour', async () => {
    const net = new MemoryNetwork()
    const a = DeltaCrdt.start({ name: 's', syncIntervalMs: 10, transport: net.transport('a') })
    const b = DeltaCrdt.start({ name: 's', syncIntervalMs: 10, transport: net.transport('b') })
    a.merge(Object.fromEntries(Array.from({ length: 5000 }, (_, k) => [`k${k}`, k])))
    a.setNeighbours(['b'])
    try {
      await waitUntil(() => expect(b.toMap().size).toBe(5000))
      await waitUntil(() => a.stats().exchangesConverged > 0)
      const [sa, sb] = [a.stats(), b.stats()]
      await waitUntil(() => a.stats().exchangesConverged >= sa.exchangesConverged + 5)
      const [ea, eb] = [a.stats(), b.stats()]
      const rounds = ea.exchangesCompleted - sa.exchangesCompleted
      expect(ea.exchangesConverged - sa.exchangesConverged).toBe(rounds)
      // A round may be in flight at either snapshot: allow one request more or less.
      expect(Math.abs(ea.requestsSent - sa.requestsSent - rounds)).toBeLessThanOrEqual(1)
      expect((ea.bytesSent - sa.bytesSent) / (rounds + 1)).toBeLessThan(100)
      expect((eb.bytesSent - sb.bytesSent) / (rounds + 1)).toBeLessThan(100)
    } finally {
      await Promise.all([a.stop({ flush: false }), b.stop({ flush: false })])
    }
  })
})
