/**
 * The client side of a game under deploy: `startPlayers` runs N simulated players (player.ts) in the
 * test process, spread round-robin over the given games, each acting every `intervalMs`; `stop()` ends
 * them and returns every action they recorded (records.ts), for `checkPlayers` (verdict.ts). Needs the
 * optional package `ws`, loaded here on first use.
 */
import { type SimulatedPlayer as Player, SimulatedPlayer, type WebSocketClass } from './player.js'
import { type PlayerHistory, wallClock } from './records.js'

export interface PlayerWorkloadOptions {
  /** The games to play; player k plays `games[k % games.length]`. */
  readonly games: readonly string[]
  readonly players: number
  /** The front doors' WebSocket URLs that take players now, e.g. from `cluster.nodes()`. */
  readonly endpoints: () => readonly string[]
  /** Each player acts this often (at most: the next action waits for the previous ack). Default 150. */
  readonly intervalMs?: number
  /** An attempt without an answer for this long counts as a lost connection. Default 3000 ms. */
  readonly attemptTimeoutMs?: number
}

export interface PlayerWorkload {
  /** Acknowledged actions so far (for waiting on progress). */
  acknowledged(): number
  /** Stops every player (an action in flight is recorded unacknowledged) and returns the history;
   * idempotent. */
  stop(): Promise<PlayerHistory>
}

async function loadWebSocket(): Promise<WebSocketClass> {
  try {
    return (await import('ws')).WebSocket
  } catch (err) {
    throw new Error(
      `startPlayers needs the optional package 'ws' for its WebSocket clients: run npm install --save-dev ws ` +
        `(${err instanceof Error ? err.message : String(err)})`,
    )
  }
}

export async function startPlayers(opts: PlayerWorkloadOptions): Promise<PlayerWorkload> {
  if (opts.games.length === 0) throw new RangeError('startPlayers: games is empty; give at least one game id')
  if (!Number.isInteger(opts.players) || opts.players < 1) {
    throw new RangeError(`startPlayers: players must be a positive integer, got ${String(opts.players)}`)
  }
  const Ws = await loadWebSocket()
  const startedAt = wallClock()
  const players: Player[] = Array.from(
    { length: opts.players },
    (_, k) =>
      new SimulatedPlayer(Ws, {
        player: `player-${k}`,
        game: opts.games[k % opts.games.length]!,
        endpoints: opts.endpoints,
        intervalMs: opts.intervalMs ?? 150,
        attemptTimeoutMs: opts.attemptTimeoutMs ?? 3000,
      }),
  )
  const running = players.map((p) => p.run())
  return {
    acknowledged: () =>
      players.reduce((n, p) => n + p.actions.filter((a) => a.ackedAt !== undefined).length, 0),
    async stop() {
      for (const p of players) p.stop()
      await Promise.all(running)
      return { startedAt, stoppedAt: wallClock(), actions: players.flatMap((p) => p.actions) }
    },
  }
}
