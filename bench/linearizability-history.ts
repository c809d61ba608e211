/**
 * A large generated key-value history for the linearizability checker's benchmark: `clients` clients
 * each issue `ops / clients` operations one after another (durations 0.2–3 ms, gaps up to 1 ms, so
 * ~10 operations overlap at any time), on `keys` keys, each taking effect at a random point inside
 * its interval on a real register, so the history is linearizable. A share of operations never return
 * (`info`): some took effect, some did not. Seeded: the same arguments give the same history.
 */
import type { LinOp } from '../suites/linearizability/index.js'

export interface GeneratedHistoryOptions {
  readonly ops?: number
  readonly keys?: number
  readonly clients?: number
  readonly seed?: number
  /** Share of operations that never return. Default 0.01. */
  readonly infoShare?: number
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function generateHistory(options: GeneratedHistoryOptions = {}): LinOp[] {
  const { ops: total = 10_000, keys = 100, clients = 10, seed = 1, infoShare = 0.01 } = options
  const rand = prng(seed)
  type Draft = { op: Record<string, unknown>; at: number; applies: boolean }
  const drafts: Draft[] = []
  for (let c = 0; c < clients; c++) {
    let t = rand()
    for (let i = 0; i < Math.floor(total / clients); i++) {
      const duration = 0.2 + rand() * 2.8
      const dice = rand()
      const kind = dice < 0.4 ? 'read' : dice < 0.7 ? 'write' : dice < 0.9 ? 'cas' : 'delete'
      const op: Record<string, unknown> = {
        client: `c${c}`,
        key: `k${Math.floor(rand() * keys)}`,
        kind,
        start: t,
      }
      const info = rand() < infoShare
      if (!info) op.end = t + duration
      op.result = info ? 'info' : 'ok'
      if (kind === 'write' || kind === 'cas') op.value = `c${c}#${i}`
      drafts.push({ op, at: t + rand() * duration, applies: !info || rand() < 0.5 })
      t += duration + rand()
    }
  }
  // Apply in linearization order; a cas expects what the key held at invocation, often still there.
  const state = new Map<string, unknown>()
  const byStart = [...drafts].sort((a, b) => (a.op.start as number) - (b.op.start as number))
  const atStart = new Map<Draft, unknown>()
  const events = [
    ...byStart.map((d) => ({ t: d.op.start as number, d, start: true })),
    ...drafts.map((d) => ({ t: d.at, d, start: false })),
  ]
  events.sort((a, b) => a.t - b.t || (a.start ? -1 : 1))
  for (const { d, start } of events) {
    const key = d.op.key as string
    if (start) {
      atStart.set(d, state.get(key))
      continue
    }
    const cur = state.get(key)
    switch (d.op.kind) {
      case 'read':
        d.op.output = cur
        break
      case 'write':
        if (d.applies) state.set(key, d.op.value)
        break
      case 'delete':
        if (d.applies) state.delete(key)
        break
      case 'cas': {
        d.op.expected = atStart.get(d) ?? 'none'
        const match = cur === d.op.expected
        if (match && d.applies) state.set(key, d.op.value)
        d.op.output = match
      }
    }
  }
  return byStart.map((d, id) => {
    if (d.op.result !== 'ok') delete d.op.output
    return { ...d.op, id } as unknown as LinOp
  })
}
