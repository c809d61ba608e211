/**
 * A process-wide pool of idle, pre-spawned node processes. A node with default flags (no `execArgv`,
 * no `inspect`) takes one instead of paying Node's ~60 ms start-up; the pool refills in the background,
 * once the start that took a process is over (a spawn blocks this process for ~5 ms and the new child
 * loads for ~100 ms of CPU: neither must compete with the start). Each new process is told to
 * `prewarm`: run once what every start runs (two spare meshes: listen, link, one request, leave; IPC
 * both ways), so the start it serves does not pay first-use costs (~5 ms). Idle processes are
 * unreferenced, so they never keep the test process alive, and they die with it like any node. The
 * pool is shared by every cluster in the process and sized by the largest request.
 */
import { heartbeatSettings } from '../mesh/heartbeat-settings.js'
import { LOOPBACK_ADDRESS } from './launcher.js'
import { NodeProcess } from './node-process.js'

const idle = new Set<NodeProcess>()
/** Idle processes whose prewarm is done (they answered `prewarmed`): taken first. */
const prewarmed = new WeakSet<NodeProcess>()
let target = 0

function spawnIdle(): void {
  const proc = new NodeProcess([], {})
  proc.setReferenced(false)
  // Only the loopback launcher takes pooled processes: its nodes listen on the loopback address.
  const off = proc.subscribe((msg) => {
    if (msg.type !== 'prewarmed') return
    prewarmed.add(proc)
    off()
  })
  proc.send({ type: 'prewarm', host: LOOPBACK_ADDRESS, heartbeat: heartbeatSettings(undefined, 1) })
  idle.add(proc)
  void proc.exited.then(() => {
    // Replaced later, not at once: never during a start, and never in a tight loop.
    if (idle.delete(proc)) refillWarmPool()
  })
}

function refill(): void {
  while (idle.size < target) spawnIdle()
}

/** Keeps at least `size` idle processes ready from now on. */
export function ensureWarmPool(size: number): void {
  if (!Number.isInteger(size) || size < 0)
    throw new RangeError(`warm pool size must be a whole number ≥ 0, got ${size}`)
  target = Math.max(target, size)
  refill()
}

let refillScheduled = false

/** Tops the pool up on a later turn of the event loop, after what is running now (the end of a start and
 * the caller's code that awaited it). */
export function refillWarmPool(): void {
  if (refillScheduled || idle.size >= target) return
  refillScheduled = true
  setImmediate(() => {
    refillScheduled = false
    refill()
  }).unref()
}

/** An idle process, or undefined when the pool is empty. The caller refills the pool (`refillWarmPool`)
 * once its start is over. */
export function takeWarmProcess(): NodeProcess | undefined {
  // A prewarmed one first: a process still prewarming runs its spare meshes beside the start it serves.
  const live = [...idle].filter((proc) => {
    // `alive` turns false only once the exit is settled; a closed channel already says it is gone.
    const ok = proc.alive && proc.child.connected
    if (!ok) idle.delete(proc)
    return ok
  })
  const proc = live.find((p) => prewarmed.has(p)) ?? live[0]
  if (proc === undefined) return undefined
  idle.delete(proc)
  proc.setReferenced(true)
  return proc
}

/** Ends the idle processes and stops refilling (for tools that want a clean exit, like the bench). */
export function drainWarmPool(): Promise<void> {
  target = 0
  const all = [...idle]
  idle.clear()
  for (const proc of all) proc.signal('SIGKILL')
  return Promise.all(all.map((p) => p.exited)).then(() => undefined)
}
