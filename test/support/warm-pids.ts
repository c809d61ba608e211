/**
 * The pids of this test process's idle pre-spawned nodes (the warm pool), seen from outside the pool:
 * its live children running the node runtime that are not a node of a cluster. Test support only: the
 * pool itself exports nothing for tests (harness/manager/warm-pool.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** Live children of this process whose command line runs the node runtime's entry. */
function runtimeChildren(): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = read(`/proc/${entry}/stat`)
    if (stat === undefined) continue
    // "pid (comm) state ppid …": the comm may hold spaces, so read after its closing parenthesis.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (state === 'Z' || Number(ppid) !== process.pid) continue
    if (read(`/proc/${entry}/cmdline`)?.includes('runtime/node-main.js')) pids.push(Number(entry))
  }
  return pids
}

/** Idle warm processes: runtime children that are none of `nodes` (the nodes started so far). */
export function warmPids(nodes: ReadonlyArray<{ readonly pid: number }> = []): number[] {
  const taken = new Set(nodes.map((n) => n.pid))
  return runtimeChildren().filter((pid) => !taken.has(pid))
}
