/**
 * Defence in depth against orphaned nodes, on the manager side. (The node side exits when its control
 * channel closes, and `setpriv --pdeathsig` makes the kernel kill it if the spawning thread dies.)
 * Here: every live node is SIGKILLed when this process exits, and — in a vitest forks worker, which can
 * outlive the main vitest process — as soon as the worker's own IPC channel to its parent closes.
 * SIGINT/SIGTERM are covered by execa's `cleanup` (signal-exit), which re-raises the signal.
 */
const live = new Set<{ pid?: number | undefined }>()
let installed = false

function killAll(): void {
  for (const child of live) {
    if (child.pid === undefined) continue
    try {
      process.kill(child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', killAll)
  if (typeof process.send === 'function') process.once('disconnect', killAll)
}

export function guard(child: { pid?: number | undefined }): () => void {
  install()
  live.add(child)
  return () => live.delete(child)
}
