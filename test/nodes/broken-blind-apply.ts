/**
 * Test-only broken store: compares no stamps. A node's own write of a key always stands there and
 * other nodes' writes are applied as they arrive, so concurrent writes of one key never converge
 * (breaks concurrent-writes-converge, and partition-heal-converges on the keys both sides write).
 */
import { storeModule } from './suite-lww-replica.js'

export const { start, stop, stash, pickup, remove } = storeModule({
  replicate: true,
  flushOnStop: true,
  blind: true,
  batchMs: 10,
})
