/**
 * What a player workload records: every action a simulated player wanted to apply, each attempt to send
 * it (to which node, when, and how it ended), and whether it was acknowledged. Times are wall-clock
 * milliseconds (`performance.timeOrigin + performance.now()`), the clock `RollingTimeline` uses, so a
 * deploy's events and the players' experience line up. Results use the history checker's vocabulary:
 * `ok` acknowledged, `fail` refused (`nack`: the session could not be reached in time), `info` unknown
 * (the connection dropped or timed out before an answer: the action may or may not have been applied).
 */
import type { OpResult } from '../history/index.js'

export interface ActionAttempt {
  /** The node whose front door took it; undefined when no node could be reached. */
  readonly node: string | undefined
  readonly sentAt: number
  readonly endedAt: number
  readonly result: OpResult
  readonly error?: string
}

export interface ActionRecord {
  readonly player: string
  readonly game: string
  /** 1, 2, 3, … per player; one action is in flight at a time and retried until acknowledged. */
  readonly seq: number
  /** When the player first tried to send it. */
  readonly firstSentAt: number
  /** When it was acknowledged; undefined when the workload stopped first. */
  readonly ackedAt: number | undefined
  /** The session's answer: false when it had applied this action before (a retry). */
  readonly fresh: boolean | undefined
  /** The node the session ran on when it acknowledged. */
  readonly session: string | undefined
  readonly attempts: readonly ActionAttempt[]
}

export interface PlayerHistory {
  readonly startedAt: number
  readonly stoppedAt: number
  readonly actions: readonly ActionRecord[]
}

export const wallClock = (): number => performance.timeOrigin + performance.now()
