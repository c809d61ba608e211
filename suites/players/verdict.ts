/**
 * The players' verdict: what a deploy cost the people playing. For each session, from the players'
 * records and the session's final state (the actions it applied, as runs per player):
 * - **lost**: acknowledged actions the final state does not hold (must be none on a graceful deploy);
 * - **applied twice**: action numbers covered by more than one run; **order kept**: each player's runs
 *   ascend; **phantom**: applied numbers the player never sent;
 * - **unavailability**: per action, first send → acknowledgement (an action not acknowledged when the
 *   workload stopped counts until then); per player, the longest of those: "the longest time this
 *   player could not act". Quantiles (nearest rank) come from the history checker.
 * Every acknowledged action is either applied or lost: `accounted` checks that sum. Pure: no I/O.
 */
import type { AppliedActions } from 'handoff-harness/fixtures/game'
import { type LatencyStats, latencyStats } from '../history/index.js'
import type { ActionRecord, PlayerHistory } from './records.js'

export interface LostAction {
  readonly player: string
  readonly seq: number
  readonly ackedAt: number
  /** The node whose session acknowledged it. */
  readonly session: string | undefined
}

export interface SessionVerdict {
  readonly game: string
  /** False when the game was not alive anywhere at the end: every acknowledged action is lost. */
  readonly present: boolean
  readonly acknowledged: number
  /** Acknowledged and held by the final state. */
  readonly applied: number
  readonly lost: readonly LostAction[]
  readonly appliedTwice: ReadonlyArray<{ player: string; seq: number; times: number }>
  readonly orderKept: boolean
  readonly phantom: ReadonlyArray<{ player: string; seq: number }>
  /** Acknowledgements of a retry the session had applied before (deduplicated, not applied again). */
  readonly deduplicated: number
  readonly longestUnavailableMs: number
}

export interface PlayerVerdict {
  readonly sessions: readonly SessionVerdict[]
  readonly actions: number
  readonly acknowledged: number
  /** Still unacknowledged when the workload stopped (neither counted lost nor applied). */
  readonly inFlight: number
  readonly lost: number
  readonly appliedTwice: number
  readonly orderBroken: number
  readonly phantom: number
  readonly missingSessions: number
  readonly deduplicated: number
  /** For every session: acknowledged = applied + lost. */
  readonly accounted: boolean
  readonly unavailability: { readonly perPlayer: LatencyStats; readonly perAction: LatencyStats }
}

export function checkPlayers(
  history: PlayerHistory,
  finalStates: Readonly<Record<string, AppliedActions | undefined>>,
): PlayerVerdict {
  const byGame = new Map<string, ActionRecord[]>()
  for (const a of history.actions) byGame.set(a.game, [...(byGame.get(a.game) ?? []), a])
  const blocked = (a: ActionRecord): number => (a.ackedAt ?? history.stoppedAt) - a.firstSentAt
  const sessions = [...byGame].map(([game, actions]) =>
    checkSession(game, actions, finalStates[game], blocked),
  )
  const longestPerPlayer = new Map<string, number>()
  for (const a of history.actions) {
    longestPerPlayer.set(a.player, Math.max(longestPerPlayer.get(a.player) ?? 0, blocked(a)))
  }
  const sum = (f: (s: SessionVerdict) => number): number => sessions.reduce((n, s) => n + f(s), 0)
  return {
    sessions,
    actions: history.actions.length,
    acknowledged: sum((s) => s.acknowledged),
    inFlight: history.actions.filter((a) => a.ackedAt === undefined).length,
    lost: sum((s) => s.lost.length),
    appliedTwice: sum((s) => s.appliedTwice.length),
    orderBroken: sessions.filter((s) => !s.orderKept).length,
    phantom: sum((s) => s.phantom.length),
    missingSessions: sessions.filter((s) => !s.present).length,
    deduplicated: sum((s) => s.deduplicated),
    accounted: sessions.every((s) => s.acknowledged === s.applied + s.lost.length),
    unavailability: {
      perPlayer: latencyStats([...longestPerPlayer.values()]),
      perAction: latencyStats(history.actions.map(blocked)),
    },
  }
}

function checkSession(
  game: string,
  actions: readonly ActionRecord[],
  state: AppliedActions | undefined,
  blocked: (a: ActionRecord) => number,
): SessionVerdict {
  const applied = state ?? {}
  const counts = new Map<string, Map<number, number>>()
  let orderKept = true
  for (const [player, runs] of Object.entries(applied)) {
    const c = new Map<number, number>()
    let top = 0
    for (const [from, to] of runs) {
      if (from <= top) orderKept = false
      top = Math.max(top, to)
      for (let s = from; s <= to; s++) c.set(s, (c.get(s) ?? 0) + 1)
    }
    counts.set(player, c)
  }
  const acked = actions.filter((a) => a.ackedAt !== undefined)
  const lost: LostAction[] = acked
    .filter((a) => (counts.get(a.player)?.get(a.seq) ?? 0) === 0)
    .map((a) => ({ player: a.player, seq: a.seq, ackedAt: a.ackedAt!, session: a.session }))
  const appliedTwice: Array<{ player: string; seq: number; times: number }> = []
  const phantom: Array<{ player: string; seq: number }> = []
  const sent = new Map<string, number>()
  for (const a of actions) sent.set(a.player, Math.max(sent.get(a.player) ?? 0, a.seq))
  for (const [player, c] of counts) {
    for (const [seq, times] of c) {
      if (times > 1) appliedTwice.push({ player, seq, times })
      if (seq > (sent.get(player) ?? 0)) phantom.push({ player, seq })
    }
  }
  return {
    game,
    present: state !== undefined,
    acknowledged: acked.length,
    applied: acked.length - lost.length,
    lost,
    appliedTwice,
    orderKept,
    phantom,
    deduplicated: acked.filter((a) => a.fresh === false).length,
    longestUnavailableMs: Math.max(0, ...actions.map(blocked)),
  }
}

/** A few lines for a test failure or a log: totals, then each session that lost or duplicated. */
export function formatPlayerVerdict(v: PlayerVerdict): string {
  const q = (s: LatencyStats, k: string): string =>
    s.quantiles[k] === undefined ? '-' : s.quantiles[k].toFixed(0)
  const lines = [
    `${v.actions} actions, ${v.acknowledged} acknowledged, ${v.inFlight} in flight at the end; ` +
      `lost ${v.lost}, applied twice ${v.appliedTwice}, order broken in ${v.orderBroken} sessions, ` +
      `phantom ${v.phantom}, missing sessions ${v.missingSessions}, retries deduplicated ${v.deduplicated}` +
      (v.accounted ? '' : ' — NOT ACCOUNTED: acknowledged ≠ applied + lost'),
    `longest time a player could not act (ms): p50 ${q(v.unavailability.perPlayer, '0.5')}, ` +
      `p99 ${q(v.unavailability.perPlayer, '0.99')}, max ${q(v.unavailability.perPlayer, '1')}`,
  ]
  for (const s of v.sessions) {
    if (s.lost.length === 0 && s.appliedTwice.length === 0 && s.orderKept && s.present) continue
    lines.push(
      `  ${s.game}: ${s.present ? '' : 'MISSING, '}lost ${s.lost.map((l) => `${l.player}#${l.seq}`).join(' ') || 0}` +
        `; applied twice ${s.appliedTwice.map((d) => `${d.player}#${d.seq}×${d.times}`).join(' ') || 0}` +
        (s.orderKept ? '' : '; order broken'),
    )
  }
  return lines.join('\n')
}
