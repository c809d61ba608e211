/**
 * How much of the machine other processes used while the bench ran: all CPU time the kernel counted as
 * busy (/proc/stat) minus the bench's own and its reaped children's (/proc/self/stat utime, stime,
 * cutime, cstime), over all CPU time. Every node, raw child and redis-server is a child of the bench
 * and reaped by the end, so what is left is foreign work competing for the CPUs. Linux only.
 */
import { readFileSync } from 'node:fs'

export interface CpuSnapshot {
  total: number
  busy: number
  own: number
}

export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const rest = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number)
    // utime, stime, cutime, cstime are fields 14–17 of stat: 11–14 after the state field.
    const own = rest[11]! + rest[12]! + rest[13]! + rest[14]!
    const busy = user + nice + system + irq + softirq + steal
    return { total: busy + idle + iowait, busy, own }
  } catch {
    return undefined
  }
}

/** The share (0..1) of all CPU time used by processes other than the bench between two snapshots. */
export function foreignShare(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): number | null {
  if (before === undefined || after === undefined || after.total <= before.total) return null
  const foreign = after.busy - before.busy - (after.own - before.own)
  return Math.max(0, Math.min(1, foreign / (after.total - before.total)))
}
