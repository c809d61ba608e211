/**
 * Reads each game's final state through a front door (`GET /games/<id>`), for `checkPlayers`: the
 * actions the session applied, or undefined when the game is not alive anywhere.
 */
import type { AppliedActions, Game } from 'handoff-harness/fixtures/game'

type GetGameResult = { ok: true; game: Game } | { ok: false; error: string }

/** `baseUrl`: a front door, e.g. `http://127.0.0.1:<ports.http>`. */
export async function readAppliedActions(
  baseUrl: string,
  games: readonly string[],
): Promise<Record<string, AppliedActions | undefined>> {
  const out: Record<string, AppliedActions | undefined> = {}
  await Promise.all(
    games.map(async (id) => {
      const res = await fetch(`${baseUrl}/games/${encodeURIComponent(id)}`)
      if (!res.ok) throw new Error(`GET ${baseUrl}/games/${id}: HTTP ${res.status} ${await res.text()}`)
      const r = (await res.json()) as GetGameResult
      out[id] = r.ok ? (r.game.actions ?? {}) : undefined
    }),
  )
  return out
}
