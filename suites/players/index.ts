/**
 * Players under a deploy: `startPlayers` runs simulated players against the game fixture's front doors
 * (HTTP + WebSocket), `readAppliedActions` reads the sessions' final state, and `checkPlayers` gives the
 * verdict — acknowledged actions lost, applied twice, order kept, and how long players could not act.
 */
export { readAppliedActions } from './final-states.js'
export { assertFrontDoorReady } from './readiness.js'
export type { ActionAttempt, ActionRecord, PlayerHistory } from './records.js'
export {
  checkPlayers,
  formatPlayerVerdict,
  type LostAction,
  type PlayerVerdict,
  type SessionVerdict,
} from './verdict.js'
export { type PlayerWorkload, type PlayerWorkloadOptions, startPlayers } from './workload.js'
