/**
 * The pure part of the netns network: names, addresses and the packet filters, computed without
 * touching the kernel (so they are unit-tested on their own).
 *
 * Naming: every namespace a run creates is `hh-<owner pid, base 36>-<cluster no.>-<suffix>`, so a
 * later run can tell whose it is and sweep it once that pid is dead. Interfaces never live in the
 * host's namespace: the bridge and one veth end per node sit in the cluster's hub namespace, the
 * other end (`eth0`) in the node's. So interface names never collide across clusters, and every
 * cluster can use the same private range (10.250.0.0/24): no two clusters share a namespace.
 */

export const SUBNET_PREFIX = '10.250.0.'
export const SUBNET_BITS = 24
/** Host numbers 1..MAX_HOSTS; the bridge has no address (the hub only switches). */
export const MAX_HOSTS = 250

const NAME = /^hh-([0-9a-z]+)-(\d+)-(.+)$/

export function clusterPrefix(ownerPid: number, clusterNo: number): string {
  return `hh-${ownerPid.toString(36)}-${clusterNo}`
}

/** The owner pid of one of our namespace names, or undefined for any other name. */
export function ownerOf(namespace: string): number | undefined {
  const match = NAME.exec(namespace)
  if (match === null) return undefined
  const pid = Number.parseInt(match[1]!, 36)
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
}

export function hostAddress(index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > MAX_HOSTS)
    throw new RangeError(`a netns cluster holds at most ${MAX_HOSTS} hosts (asked for host ${index})`)
  return `${SUBNET_PREFIX}${index}`
}

/** Dotted IPv4 → the unsigned 32-bit number a BPF `ld` gives for it (network order read as a number). */
export function ipv4ToUint(address: string): number {
  const parts = address.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new RangeError(`not an IPv4 address: ${address}`)
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!
}

/** Classic BPF: load the random ancillary word (SKF_AD_OFF + SKF_AD_RANDOM). */
const LD_RANDOM = 0xfffff000 + 56
const OP = { ldh: 0x28, ld: 0x20, jeq: 0x15, jgt: 0x25, ret: 0x06 } as const
/** cls_bpf (not direct-action): 0 = no match (the next filter, else the qdisc's default class);
 * any other value = the class id to send the frame to. */
const NO_MATCH = 0

/** The hub port's drop class: a zero-length queue (link-plan.ts builds the port). */
export const DROP_CLASS = 0x10002

type Insn = [code: number, jt: number, jf: number, k: number]

/**
 * A classic-BPF program for `tc filter … bpf bytecode` on the hub port towards a host: IPv4 frames
 * from `source` go to the drop class with probability `drop` (1 = every frame), the rest of them to
 * `passClass` (a delay class; 0 = the port's default class). Frames are read from their Ethernet header
 * (cls_bpf gives the L2 frame on egress): ethertype at 12, source address at 26. The random draw is
 * the kernel's `prandom` word: a frame is dropped when it is ≤ drop × 2³² − 1. ARP and frames from
 * other sources never match.
 */
export function linkProgram(source: string, drop: number, passClass = 0): string {
  if (!(drop >= 0 && drop <= 1)) throw new RangeError(`drop probability must be in [0, 1], got ${drop}`)
  if (drop === 0 && passClass === 0) throw new RangeError('a link program that neither drops nor delays')
  const src = ipv4ToUint(source)
  const threshold = Math.min(0xffffffff, Math.floor(drop * 2 ** 32) - 1)
  const always = drop === 1 || threshold >= 0xffffffff
  const decide: Insn[] =
    drop === 0
      ? [[OP.ret, 0, 0, passClass]]
      : always
        ? [[OP.ret, 0, 0, DROP_CLASS]]
        : [
            [OP.ld, 0, 0, LD_RANDOM],
            [OP.jgt, 1, 0, Math.max(0, threshold)],
            [OP.ret, 0, 0, DROP_CLASS],
            [OP.ret, 0, 0, passClass],
          ]
  // Jump offsets count from the next instruction; the last instruction is the "no match" return.
  const toEnd = (at: number) => 4 + decide.length - at - 1
  const insns: Insn[] = [
    [OP.ldh, 0, 0, 12],
    [OP.jeq, 0, toEnd(1), 0x0800],
    [OP.ld, 0, 0, 26],
    [OP.jeq, 0, toEnd(3), src],
    ...decide,
    [OP.ret, 0, 0, NO_MATCH],
  ]
  return `${insns.length},${insns.map((i) => i.join(' ')).join(',')}`
}

/** Runs a program over a frame (an interpreter for the few opcodes above), for the unit tests:
 * the class id it returns (0 = no match). */
export function runProgram(program: string, frame: Uint8Array, random: number): number {
  const [, ...rest] = program.split(',')
  const insns = rest.map((s) => s.split(' ').map(Number) as Insn)
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  let a = 0
  for (let pc = 0; pc < insns.length; pc++) {
    const [code, jt, jf, k] = insns[pc]!
    if (code === OP.ldh) a = k + 2 <= frame.length ? view.getUint16(k) : -1
    else if (code === OP.ld)
      a = k === LD_RANDOM ? random >>> 0 : k + 4 <= frame.length ? view.getUint32(k) : -1
    else if (code === OP.jeq) pc += a === k ? jt : jf
    else if (code === OP.jgt) pc += a > k ? jt : jf
    else if (code === OP.ret) return k
    if (a === -1) return NO_MATCH // the kernel aborts a program that reads past the frame: no match
  }
  return NO_MATCH
}
