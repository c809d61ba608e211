/**
 * The faults a link proxy applies to one direction of its connections, and how they are described in
 * its log. `up` is client → target (a node talking to its backend), `down` is target → client.
 */

import { checkDelay, describeDelay, NO_DELAY, type ResolvedLinkDelay } from '../faults/index.js'

export type { LinkDelay } from '../faults/index.js'
export { checkDelay }

export type ProxyDirection = 'up' | 'down'

/** One direction, or both. */
export type DirectionSpec = ProxyDirection | 'both'

/** What is applied to the bytes travelling in one direction. */
export interface DirectionFaults {
  /** Hold the bytes (never deliver them while set; deliver what is held once lifted). */
  blackhole: boolean
  delay: ResolvedLinkDelay
  /** Probability that a chunk resets its connection instead of being delivered. */
  loss: number
}

export function noFaults(): DirectionFaults {
  return { blackhole: false, delay: NO_DELAY, loss: 0 }
}

export function directionsOf(spec: DirectionSpec): ProxyDirection[] {
  if (spec === 'both') return ['up', 'down']
  if (spec === 'up' || spec === 'down') return [spec]
  throw new RangeError(`direction must be 'up', 'down' or 'both', got ${JSON.stringify(spec)}`)
}

export function checkProbability(probability: number): void {
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`loss probability must be in [0, 1], got ${probability}`)
  }
}

export function describeFaults(faults: DirectionFaults): string {
  const parts: string[] = []
  if (faults.blackhole) parts.push('blackholed')
  if (faults.delay.ms > 0 || faults.delay.jitterMs > 0) parts.push(`delay ${describeDelay(faults.delay)}`)
  if (faults.loss > 0) parts.push(`loss ${faults.loss}`)
  return parts.length === 0 ? 'clear' : parts.join(', ')
}
