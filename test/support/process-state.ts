import { readFileSync } from 'node:fs'

/** Whether a process is running. Reads /proc/<pid>/stat, because a dead orphan is briefly a zombie that
 * `kill(pid, 0)` still finds. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}
