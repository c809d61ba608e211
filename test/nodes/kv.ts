/**
 * Test-only boot module for test/harness/seed-stop-node.test.ts: a tiny replicated key-value map. A `put` is applied
 * locally and sent to every peer; a node that comes up is sent the whole map.
 */
import { node } from 'handoff-harness/node'

const values = new Map<string, unknown>()

export function start(): void {
  node.handle('kv', (msg) => {
    for (const [k, v] of msg as Array<[string, unknown]>) values.set(k, v)
  })
  node.onNodeUp((peer) => node.send(peer, 'kv', [...values]))
}

export function put(key: string, value: unknown): void {
  values.set(key, value)
  for (const peer of node.peers()) node.send(peer, 'kv', [[key, value]])
}

export function get(key: string): unknown {
  return values.get(key)
}
