/**
 * Test-only store with no defect (LWW, shipped within one event-loop turn, flushed on stop): the
 * control that shows the handoff suite passes a correct store. The kill -9 property may still report
 * a loss window: a write acknowledged before it left the node dies with it.
 */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: true,
  flushOnStop: true,
  blind: false,
  batchMs: 0,
})
