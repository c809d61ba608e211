/**
 * Test-only broken store: ships writes in 200 ms batches (DeltaCrdt's sync interval) and drops the pending batch on a graceful stop
 * (DeltaCrdt's RS-22), so writes acknowledged just before `stopNode` never leave the node (breaks
 * graceful-stop-keeps-writes).
 */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: true,
  flushOnStop: false,
  blind: false,
  batchMs: 200,
})
