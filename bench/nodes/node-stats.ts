/** Bench in-node helper for `scale` and `burst`: the node's memory. */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export function rss(): number {
  return process.memoryUsage().rss
}

let gc: (() => void) | undefined

/** Heap in use and RSS after a full garbage collection (so what is left is what is held). */
export function memoryAfterGc(): { heapUsed: number; rss: number } {
  if (gc === undefined) {
    // The node runs without --expose-gc; the flag can be set at run time and the function fetched from
    // a fresh context.
    setFlagsFromString('--expose-gc')
    gc = runInNewContext('gc') as () => void
  }
  gc()
  gc()
  const m = process.memoryUsage()
  return { heapUsed: m.heapUsed, rss: m.rss }
}
