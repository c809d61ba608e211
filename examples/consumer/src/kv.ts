/**
 * The user's own distributed code, as a TypeScript boot module: a last-writer-wins key-value map. A put
 * is applied locally and sent to every peer; a peer that comes up (a new node, or a healed partition)
 * is sent the whole map, so both sides of a partition converge after the heal.
 */
import { type BootContext, node } from 'handoff-harness/node'

interface Entry {
  value: string
  /** Lamport-style version, then the writer's name: one total order, so every node keeps the same value. */
  version: number
  writer: string
}

const entries = new Map<string, Entry>()
let clock = 0

function newer(a: Entry, b: Entry | undefined): boolean {
  if (b === undefined) return true
  return a.version !== b.version ? a.version > b.version : a.writer > b.writer
}

function apply(key: string, entry: Entry): void {
  clock = Math.max(clock, entry.version)
  if (newer(entry, entries.get(key))) entries.set(key, entry)
}

export function start(ctx: BootContext): void {
  node.log(`kv starting on ${ctx.name}`)
  node.handle('kv', (msg) => {
    for (const [key, entry] of msg as Array<[string, Entry]>) apply(key, entry)
  })
  node.onNodeUp((peer) => node.send(peer, 'kv', [...entries]))
}

export function put(key: string, value: string): void {
  const entry: Entry = { value, version: ++clock, writer: node.name }
  entries.set(key, entry)
  for (const peer of node.peers()) node.send(peer, 'kv', [[key, entry]])
}

export function get(key: string): string | undefined {
  return entries.get(key)?.value
}

export function peers(): string[] {
  return node.peers().sort()
}
