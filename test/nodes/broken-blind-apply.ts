/**
 * Test-only broken store: applies every remote write it receives, without comparing stamps, so two
 * concurrent writes of one key swap places and the nodes diverge (breaks concurrent-writes-converge).
 * Writes ship in 250 ms batches, so each node has applied its own write before the other's arrives,
 * even when a busy machine spreads the suite's parallel stashes over tens of milliseconds (10 ms batches
 * let them stop being concurrent under load, and then the broken store converged by luck).
 */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: true,
  flushOnStop: true,
  blind: true,
  batchMs: 250,
})
