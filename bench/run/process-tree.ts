/**
 * The leak check: which processes descend from this one. Reads /proc (Linux); a zombie (state Z) counts
 * as gone, since it has exited and only waits to be reaped. Elsewhere it finds nothing.
 */
import { readdirSync, readFileSync } from 'node:fs'

interface ProcEntry {
  pid: number
  ppid: number
  state: string
}

function readProc(pid: number): ProcEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { pid, ppid: Number(rest[1]), state: rest[0] ?? '?' }
  } catch {
    return undefined
  }
}

export function liveDescendants(root: number = process.pid): number[] {
  if (process.platform !== 'linux') return []
  let pids: number[]
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
  } catch {
    return []
  }
  const children = new Map<number, ProcEntry[]>()
  for (const pid of pids) {
    const entry = readProc(pid)
    if (entry === undefined) continue
    const list = children.get(entry.ppid) ?? []
    list.push(entry)
    children.set(entry.ppid, list)
  }
  const found: number[] = []
  const stack = [root]
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (child.state !== 'Z') found.push(child.pid)
      stack.push(child.pid)
    }
  }
  return found.sort((a, b) => a - b)
}

export function isAlive(pid: number): boolean {
  const entry = readProc(pid)
  return entry !== undefined && entry.state !== 'Z'
}

/** The command line of a process, for reporting a leftover. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return '?'
  }
}

/** User + system CPU time of a process in clock ticks (usually 10 ms), or undefined when it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the state field.
    return Number(rest[11]) + Number(rest[12])
  } catch {
    return undefined
  }
}

/**
 * Resolves once at least `count` child processes exist and none has used CPU for `quietMs` (they have
 * finished loading and sleep), or after `timeoutMs`. Used before timing a start from the warm pool.
 */
export async function childrenSettled(count: number, quietMs = 60, timeoutMs = 5000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  let last = new Map<number, number | undefined>()
  let quietSince = performance.now()
  while (performance.now() < deadline) {
    const now = new Map(liveDescendants().map((pid) => [pid, cpuTicks(pid)]))
    const changed = now.size !== last.size || [...now].some(([pid, ticks]) => last.get(pid) !== ticks)
    if (changed) quietSince = performance.now()
    else if (now.size >= count && performance.now() - quietSince >= quietMs) return true
    last = now
    await new Promise((r) => setTimeout(r, 10))
  }
  return false
}
