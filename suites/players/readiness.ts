/**
 * Readiness for a rolling deploy of the game fixture, through the front doors' `GET /health`: a new node
 * is ready when its registry knows every session and every front door counts it as a member. The second
 * half matters: a node that stops while a peer does not yet count the new node places its sessions
 * differently from that peer, both start copies, and what the losing copy acknowledged is lost.
 */
import type { FrontDoorHealth } from 'handoff-harness/fixtures/game'

async function health(baseUrl: string): Promise<FrontDoorHealth> {
  const res = await fetch(`${baseUrl}/health`)
  if (!res.ok) throw new Error(`GET ${baseUrl}/health: HTTP ${res.status}`)
  return (await res.json()) as FrontDoorHealth
}

/** Throws (for `waitUntil`) until `newNode` (at `newUrl`) knows `sessions` sessions and every front door
 * in `allUrls` counts it as a member. URLs are `http://127.0.0.1:<ports.http>`. */
export async function assertFrontDoorReady(
  newNode: string,
  newUrl: string,
  allUrls: readonly string[],
  sessions: number,
): Promise<void> {
  const own = await health(newUrl)
  if (own.registered < sessions) throw new Error(`${newNode} knows ${own.registered} of ${sessions} sessions`)
  for (const url of allUrls) {
    const h = await health(url)
    if (!h.members.includes(newNode)) throw new Error(`${h.node} does not count ${newNode} as a member yet`)
  }
}
