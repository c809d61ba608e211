/**
 * Test-only boot module for the failure detector and scale tests: records every peer up/down with its
 * wall-clock time (Date.now(), the same clock in every process of this machine), and reports the node's
 * memory, so a test can time a verdict from the manager's side and check the node's RSS.
 */
import { node } from 'handoff-harness/node'

interface Seen {
  event: 'up' | 'down'
  peer: string
  reason?: string
  at: number
}

const seen: Seen[] = []

export function start(): void {
  node.onNodeUp((peer) => seen.push({ event: 'up', peer, at: Date.now() }))
  node.onNodeDown((peer, reason) => seen.push({ event: 'down', peer, reason, at: Date.now() }))
}

export function events(): Seen[] {
  return [...seen]
}

export function downs(): Seen[] {
  return seen.filter((e) => e.event === 'down')
}

export function peers(): string[] {
  return node.peers().sort()
}

export function rss(): number {
  return process.memoryUsage().rss
}

/** Blocks this node's event loop for `ms` (a handler that hogs the CPU). */
export function busy(ms: number): void {
  const end = Date.now() + ms
  while (Date.now() < end) {
    // spin
  }
}
