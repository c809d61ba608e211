/**
 * Test-only remote functions for the player tests (boot `handoff-harness/fixtures/game` on the node):
 * whether this node knows every session yet — the readiness a rolling deploy waits for before it
 * stops an old node.
 */
import { SESSION_REGISTRY, SESSION_SUPERVISOR } from 'handoff-harness/fixtures/game'
import { getRegistry } from 'handoff-harness/fixtures/registry'
import { getSupervisor } from 'handoff-harness/fixtures/supervisor'

export async function knownSessions(): Promise<{ registered: number; specs: number }> {
  const { specs } = await getSupervisor(SESSION_SUPERVISOR).countChildren()
  return { registered: getRegistry(SESSION_REGISTRY).count(), specs }
}

/** Whether this node's session registry and supervisor count `peer` as an alive member — so a rolling
 * deploy stops an old node only once every node places sessions knowing the new one. */
export function countsAsMember(peer: string): boolean {
  return (
    getRegistry(SESSION_REGISTRY).members().includes(peer) &&
    getSupervisor(SESSION_SUPERVISOR).view().alive.includes(peer)
  )
}
