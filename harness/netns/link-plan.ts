/**
 * The tc commands that shape one direction of one link, computed without touching the kernel (so the
 * netem path is unit-tested even on kernels without netem, like this project's CI kernel).
 *
 * Packets towards host k leave the hub through its port `p<k>`, whose root qdisc is an HTB:
 *   1:1  pass (the default class)
 *   1:2  drop: a pfifo of length 0
 *   1:1xx  (xx = source host number, hex) delay for packets from that source: a netem leaf, made while a
 *          delay is set (kernels with sch_netem only)
 * and one classic-BPF filter per source (priority = the source's host number) that sends that source's
 * packets to 1:2 with the drop share, the others to its delay class (or on to the default).
 */
import type { ResolvedLinkDelay } from '../faults/index.js'
import { DROP_CLASS, linkProgram } from './plan.js'

/** What the kernel applies to packets from one host to another. */
export interface LinkState {
  /** Share of packets dropped: 1 = cut, p = loss, 0 = none. */
  readonly drop: number
  /** Delay of the packets that pass (only where the kernel has sch_netem). */
  readonly delay: ResolvedLinkDelay
}

export const CLEAR_LINK: LinkState = { drop: 0, delay: { ms: 0, jitterMs: 0 } }

export interface LinkEnd {
  /** Host number (1..250). */
  readonly index: number
  readonly address: string
}

/** Netem's queue, in packets (its default 1000 fills at a few thousand packets per second of delay). */
const NETEM_LIMIT = 100_000
const RATE = 'rate 40gbit quantum 200000'

const hasDelay = (s: LinkState): boolean => s.delay.ms > 0 || s.delay.jitterMs > 0
const hasFilter = (s: LinkState): boolean => s.drop > 0 || hasDelay(s)

/** The delay class of packets from host `from` (on the port towards any host): 1:1xx. */
export function delayClass(from: number): number {
  return 0x10000 + 0x100 + from
}

const minor = (classid: number): string => (classid & 0xffff).toString(16)

/** Our delay contract is "ms plus up to jitterMs" (uniform); netem's is "mu ± sigma" (uniform without a
 * distribution table). Figures in microseconds, so sub-millisecond jitter survives. */
export function netemDelay(delay: ResolvedLinkDelay): string {
  const us = (ms: number) => `${Math.round(ms * 1000)}us`
  const mu = delay.ms + delay.jitterMs / 2
  return delay.jitterMs > 0 ? `delay ${us(mu)} ${us(delay.jitterMs / 2)}` : `delay ${us(mu)}`
}

/** The commands (for `tc -batch`, run in the hub) that set up host `index`'s port. */
export function portCommands(index: number): string[] {
  const port = `p${index}`
  return [
    `qdisc add dev ${port} root handle 1: htb default 1`,
    `class add dev ${port} parent 1: classid 1:1 htb ${RATE}`,
    `class add dev ${port} parent 1: classid 1:2 htb ${RATE}`,
    `qdisc add dev ${port} parent 1:2 handle 2: pfifo limit 0`,
  ]
}

/**
 * The commands that take the direction `from` → `to` from `before` to `after`. The filter is replaced
 * (deleted, then added) in the same batch, so a cut is never lifted in between for longer than the
 * batch takes. Throws when `after` has a delay and `kernelDelay` is false: the caller must not ask.
 */
export function linkCommands(
  from: LinkEnd,
  to: LinkEnd,
  before: LinkState,
  after: LinkState,
  kernelDelay: boolean,
): string[] {
  if (hasDelay(after) && !kernelDelay)
    throw new Error('this kernel has no sch_netem: link delay stays in the mesh')
  const port = `p${to.index}`
  const filter = `dev ${port} parent 1: prio ${from.index}`
  const cls = delayClass(from.index)
  const lines: string[] = []
  const changed = before.drop !== after.drop || hasDelay(before) !== hasDelay(after)
  if (hasFilter(before) && changed) lines.push(`filter del ${filter}`)
  if (hasDelay(before) && !hasDelay(after)) lines.push(`class del dev ${port} classid 1:${minor(cls)}`)
  if (hasDelay(after)) {
    const netem = `${netemDelay(after.delay)} limit ${NETEM_LIMIT}`
    const leaf = `dev ${port} parent 1:${minor(cls)} handle ${minor(cls)}:`
    if (!hasDelay(before))
      lines.push(
        `class add dev ${port} parent 1: classid 1:${minor(cls)} htb ${RATE}`,
        `qdisc add ${leaf} netem ${netem}`,
      )
    else if (netemDelay(before.delay) !== netemDelay(after.delay))
      lines.push(`qdisc change ${leaf} netem ${netem}`)
  }
  if (hasFilter(after) && changed) {
    const program = linkProgram(from.address, after.drop, hasDelay(after) ? cls : 0)
    lines.push(`filter add ${filter} protocol all bpf bytecode "${program}" classid 1:${minor(DROP_CLASS)}`)
  }
  return lines
}

/** The probe: whether `tc qdisc add … netem` works (sch_netem built in or loadable). */
export const NETEM_PROBE = 'qdisc add dev lo root netem delay 1ms'
