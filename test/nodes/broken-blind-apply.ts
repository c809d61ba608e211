/**
 * Test-only broken store: applies every remote write it receives, without comparing stamps, so two
 * concurrent writes of one key swap places and the nodes diverge (breaks concurrent-writes-converge).
 * Writes ship in 10 ms batches, so each node has applied its own write before the other's arrives.
 */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: true,
  flushOnStop: true,
  blind: true,
  batchMs: 10,
})
