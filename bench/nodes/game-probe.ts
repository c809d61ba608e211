/**
 * Bench remote functions for the `handoff` scenario (boot `handoff-harness/fixtures/game` on the node;
 * this module boots nothing): start and update many sessions in one call, and watch — inside a surviving
 * node — until every session answers `getGame` with the expected round, noting per session when it first
 * did on the machine-wide monotonic clock.
 */
import { continueGame, getGame, updateGame } from 'handoff-harness/fixtures/game'
import { sleep } from './timed-writes.js'

/** Starts one session per id (round 1); returns the node each runs on. */
export async function startGames(ids: string[]): Promise<string[]> {
  const nodes: string[] = []
  for (const id of ids) {
    const r = await continueGame({ id, round: 1, players: ['ann', 'bob'] })
    if (!r.ok) throw new Error(`continueGame(${id}) failed: ${JSON.stringify(r)}`)
    nodes.push(r.pid.node)
  }
  return nodes
}

export async function setRounds(ids: string[], round: number): Promise<void> {
  await Promise.all(ids.map((id) => updateGame(id, { round })))
}

/** Polls every ~1 ms until each game answers here with `round`; per game, when it first did (or null). */
export async function watchRounds(
  ids: string[],
  round: number,
  timeoutMs: number,
): Promise<Array<bigint | null>> {
  const answered = new Map<string, bigint>()
  const deadline = performance.now() + timeoutMs
  while (answered.size < ids.length && performance.now() < deadline) {
    const pending = ids.filter((id) => !answered.has(id))
    await Promise.all(
      pending.map(async (id) => {
        const r = await getGame(id).catch(() => undefined)
        if (r?.ok === true && r.game.round === round) answered.set(id, process.hrtime.bigint())
      }),
    )
    await sleep(1)
  }
  return ids.map((id) => answered.get(id) ?? null)
}
