/**
 * `waitUntil(probe)`: retry a probe until it returns without throwing and not `false`. The deadline is
 * hard: a probe that never settles (an RPC into a paused node) cannot hold the wait past it.
 */
import { WaitTimeoutError } from './errors.js'
import { resolveTimeFactor } from './time-factor.js'

export interface WaitOptions {
  /** Default 5000 ms × time factor. */
  timeoutMs?: number
  /** Pause between attempts. Default 10 ms. */
  intervalMs?: number
  /** Names the condition in the timeout error. */
  message?: string
}

const NEVER = Symbol('never')

export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  opts: WaitOptions = {},
): Promise<Exclude<T, false>> {
  const timeoutMs = opts.timeoutMs ?? 5000 * resolveTimeFactor()
  const intervalMs = opts.intervalMs ?? 10
  const started = performance.now()
  const deadline = started + timeoutMs
  let attempts = 0
  let lastError: unknown
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<typeof NEVER>((resolve) => {
    timer = setTimeout(() => resolve(NEVER), timeoutMs)
  })
  try {
    while (true) {
      attempts++
      try {
        const value = await Promise.race([Promise.resolve().then(probe), expired])
        if (value === NEVER) break
        if (value !== false) return value as Exclude<T, false>
        lastError = undefined
      } catch (err) {
        lastError = err
      }
      const left = deadline - performance.now()
      if (left <= 0) break
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)))
    }
  } finally {
    clearTimeout(timer)
  }
  throw new WaitTimeoutError(lastError, attempts, performance.now() - started, opts.message)
}
