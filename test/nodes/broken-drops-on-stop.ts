/**
 * Test-only broken store: ships writes in 1 s batches (a sync interval, as DeltaCrdt's) and drops the
 * pending batch on a graceful stop (DeltaCrdt's RS-22), so writes acknowledged just before `stopNode`
 * never leave the node (breaks graceful-stop-keeps-writes). The interval is long so that even on a
 * loaded machine the stop arrives before the batch would have shipped (with 200 ms it sometimes did).
 */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: true,
  flushOnStop: false,
  blind: false,
  batchMs: 1000,
})
