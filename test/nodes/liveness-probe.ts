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

/** Resolves once this node's event loop has run `ms` on schedule (50 ms steps, a late step counts 75 ms
 * at most): the same measure the failure detector uses, so any verdict due by then has landed. */
export function ranFor(ms: number): Promise<number> {
  return new Promise((resolve) => {
    let ran = 0
    let last = performance.now()
    const step = (): void => {
      const now = performance.now()
      ran += Math.min(now - last, 75)
      last = now
      if (ran >= ms) resolve(ran)
      else setTimeout(step, 50)
    }
    setTimeout(step, 50)
  })
}
