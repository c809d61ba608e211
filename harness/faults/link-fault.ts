/**
 * A link fault: what the mesh applies to the frames one node sends to one peer (`Cluster.setLinkFault`).
 * Its delay is the same `LinkDelay` every injector uses, spelled flat (`delayMs`, `jitterMs`) as the
 * public API has always had it; `faultDelay` and `delayFault` convert. Pure: no I/O.
 */
import type { LinkDelay, ResolvedLinkDelay } from './link-delay.js'

/** Per-link fault settings, applied by the sending side. */
export interface LinkFault {
  /** Drop every frame to this peer (the link stays up; heartbeats are dropped too). */
  blackhole?: boolean
  /** Extra one-way delay for every frame to this peer. */
  delayMs?: number
  jitterMs?: number
  /** Probability in [0, 1] that a frame to this peer is dropped. */
  loss?: number
}

/** The delay a fault sets (none: 0 ms). */
export function faultDelay(fault: LinkFault | null): ResolvedLinkDelay {
  return { ms: fault?.delayMs ?? 0, jitterMs: fault?.jitterMs ?? 0 }
}

/** The fault that only delays. */
export function delayFault(delay: LinkDelay): LinkFault {
  return { delayMs: delay.ms, jitterMs: delay.jitterMs ?? 0 }
}

/** Whether a frame goes out at all, before any delay: a blackhole drops all, loss a share. */
export function dropsFrame(fault: LinkFault | null, random: () => number): boolean {
  if (fault === null) return false
  if (fault.blackhole === true) return true
  return fault.loss !== undefined && fault.loss > 0 && random() < fault.loss
}
