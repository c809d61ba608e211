/**
 * A link delay, the one shape every fault injector uses for it (the link proxy, the suites' store links,
 * the handoff suite's timing): a fixed delay plus up to `jitterMs` more, drawn per chunk or message,
 * with the order of the link kept. Pure: no I/O.
 */

export interface LinkDelay {
  /** Added to every chunk (or message). */
  readonly ms: number
  /** Up to this much more, uniformly at random (order is kept). Default 0. */
  readonly jitterMs?: number
}

/** A delay with its jitter resolved: what an injector holds while the delay is set. */
export type ResolvedLinkDelay = Required<LinkDelay>

/** No delay. */
export const NO_DELAY: ResolvedLinkDelay = { ms: 0, jitterMs: 0 }

/** Checks a delay given by a user (a RangeError naming both figures when one is negative or NaN). */
export function checkDelay(delay: LinkDelay): void {
  const jitter = delay.jitterMs ?? 0
  if (!(delay.ms >= 0) || !(jitter >= 0)) {
    throw new RangeError(`delay must be non-negative, got ${delay.ms} ms ± ${jitter} ms`)
  }
}

/** The delay with its jitter defaulted (0, or `defaultJitterMs`). */
export function resolveDelay(delay: LinkDelay, defaultJitterMs = 0): ResolvedLinkDelay {
  return { ms: delay.ms, jitterMs: delay.jitterMs ?? defaultJitterMs }
}

/** `20 ms + ≤10 ms`: how logs and reports show a delay. */
export function describeDelay(delay: LinkDelay): string {
  return `${delay.ms} ms + ≤${delay.jitterMs ?? 0} ms`
}
