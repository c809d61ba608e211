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
