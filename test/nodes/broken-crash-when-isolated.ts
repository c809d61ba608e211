/**
 * Test-only: the good store, plus a "backend connection" whose 'error' event nobody listens to — the
 * real case of a PostgreSQL pool without an 'error' listener. When the node loses its last peer to a
 * disconnect (it is cut off: its side of a partition is itself alone, or every other node was killed),
 * the connection reports ECONNRESET, Node throws "Unhandled 'error' event" and the process exits with
 * code 1. Its writes and reads simply fail from then on, which a history checker counts as
 * indeterminate, not lost: only the node watch sees the crash.
 */
import { EventEmitter } from 'node:events'
import { node } from 'handoff-harness/node'
import { start as startStore } from './suite-good-store.js'

export { pickup, remove, stash, stop } from './suite-good-store.js'

const backend = new EventEmitter()

export function start(): unknown {
  node.onNodeDown((peer, reason) => {
    if (reason !== 'disconnect' || node.peers().length > 0) return
    const err = Object.assign(new Error(`read ECONNRESET (lost ${peer}, no peer left)`), {
      code: 'ECONNRESET',
    })
    // Emitted from an I/O callback, as a socket would: nothing catches it.
    setImmediate(() => backend.emit('error', err))
  })
  return startStore()
}
