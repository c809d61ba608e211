/**
 * The faults a link proxy applies to one direction of its connections, and how they are described in
 * its log. `up` is client → target (a node talking to its backend), `down` is target → client.
 */

export type ProxyDirection = 'up' | 'down'

/** One direction, or both. */
export type DirectionSpec = ProxyDirection | 'both'

export interface LinkDelay {
  /** Added to every chunk. */
  readonly ms: number
  /** Up to this much more, uniformly at random (order is kept). Default 0. */
  readonly jitterMs?: number
}

/** What is applied to the bytes travelling in one direction. */
export interface DirectionFaults {
  /** Hold the bytes (never deliver them while set; deliver what is held once lifted). */
  blackhole: boolean
  delayMs: number
  jitterMs: number
  /** Probability that a chunk resets its connection instead of being delivered. */
  loss: number
}

export function noFaults(): DirectionFaults {
  return { blackhole: false, delayMs: 0, jitterMs: 0, loss: 0 }
}

export function directionsOf(spec: DirectionSpec): ProxyDirection[] {
  if (spec === 'both') return ['up', 'down']
  if (spec === 'up' || spec === 'down') return [spec]
  throw new RangeError(`direction must be 'up', 'down' or 'both', got ${JSON.stringify(spec)}`)
}

export function checkDelay(delay: LinkDelay): void {
  const jitter = delay.jitterMs ?? 0
  if (!(delay.ms >= 0) || !(jitter >= 0)) {
    throw new RangeError(`delay must be non-negative, got ${delay.ms} ms ± ${jitter} ms`)
  }
}

export function checkProbability(probability: number): void {
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`loss probability must be in [0, 1], got ${probability}`)
  }
}

export function describeFaults(faults: DirectionFaults): string {
  const parts: string[] = []
  if (faults.blackhole) parts.push('blackholed')
  if (faults.delayMs > 0 || faults.jitterMs > 0)
    parts.push(`delay ${faults.delayMs} ms + ≤${faults.jitterMs} ms`)
  if (faults.loss > 0) parts.push(`loss ${faults.loss}`)
  return parts.length === 0 ? 'clear' : parts.join(', ')
}
