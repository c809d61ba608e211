/**
 * Test-only remote functions for the game tests: bulk versions of the game API (so 25 sessions cost one
 * `cluster.call`), a poll that waits inside the node until every session answers, and a look at the
 * StateHandoff stash. Boot `handoff-harness/fixtures/game` on the node; this module boots nothing.
 */

import {
  type Game,
  type GetGameResult,
  getGame,
  SESSION_SUPERVISOR,
  whereIsGame,
} from 'handoff-harness/fixtures/game'
import * as StateHandoff from 'handoff-harness/fixtures/state-handoff'
import { getSupervisor } from 'handoff-harness/fixtures/supervisor'

// The bench's handoff scenario starts and updates sessions the same way.
export { setRounds, startGames } from '../../bench/nodes/game-probe.js'

export function gameIds(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
}

export function getGames(ids: string[]): Promise<GetGameResult[]> {
  return Promise.all(ids.map((id) => getGame(id)))
}

export async function gameNodes(ids: string[]): Promise<Array<string | null>> {
  return Promise.all(ids.map(async (id) => (await whereIsGame(id))?.node ?? null))
}

/** Polls until every game answers here with round `round` (or the deadline passes). Returns how long
 * it took (ms), how many answered with that round, and the nodes they run on. */
export async function awaitRounds(
  ids: string[],
  round: number,
  timeoutMs: number,
): Promise<{ elapsedMs: number; matching: number; answering: number; nodes: Array<string | null> }> {
  const started = performance.now()
  let results: GetGameResult[] = []
  for (;;) {
    results = await getGames(ids)
    const matching = results.filter((r) => r.ok && r.game.round === round).length
    if (matching === ids.length || performance.now() - started > timeoutMs) break
    await new Promise((r) => setTimeout(r, 2))
  }
  return {
    elapsedMs: performance.now() - started,
    matching: results.filter((r) => r.ok && r.game.round === round).length,
    answering: results.filter((r) => r.ok).length,
    nodes: await gameNodes(ids),
  }
}

/** The round each game's stash holds on this node (null when absent). */
export function stashedRounds(ids: string[]): Array<number | null> {
  return ids.map((id) => {
    const s = StateHandoff.pickup(`game:${id}`) as { game?: Game } | undefined
    return s?.game?.round ?? null
  })
}

/** Children of the session supervisor running on this node. */
export function localSessions(): number {
  return getSupervisor(SESSION_SUPERVISOR).localChildren().length
}

export async function countSessions(): Promise<{ active: number; specs: number }> {
  return getSupervisor(SESSION_SUPERVISOR).countChildren()
}
