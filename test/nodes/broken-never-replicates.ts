/** Test-only broken store: writes stay on the node that made them (breaks cross-node-visibility). */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: false,
  flushOnStop: true,
  blind: false,
  batchMs: 0,
})
