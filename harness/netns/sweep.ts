/**
 * Nothing a run creates outlives it. Every namespace carries its owner's pid in its name (plan.ts);
 * deleting a namespace deletes its veth ends, the bridge and every qdisc and filter on them, since
 * none of those live in the host's namespace. Three ways out, three guards:
 * - `Cluster.stop()` deletes the cluster's namespaces (network.ts);
 * - a manager that exits without stopping deletes what it still owns in its `exit` handler (here);
 * - a manager killed by SIGKILL runs nothing, so the next netns start sweeps every namespace whose
 *   owner pid is dead (here). Only names of our own shape with a dead owner are touched.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { ownerOf } from './plan.js'

const NETNS_DIR = '/run/netns'
const owned = new Set<string>()
let installed = false

/** Whether `pid` runs: /proc/<pid>/stat exists and is not a zombie (a SIGKILLed manager is one until
 * its parent reaps it, and it is dead for our purpose). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Namespaces of our shape on this machine (any owner). */
export function ourNamespaces(): string[] {
  let names: string[]
  try {
    names = readdirSync(NETNS_DIR)
  } catch {
    return []
  }
  return names.filter((n) => ownerOf(n) !== undefined)
}

/** Deletes namespaces left by runs that are dead; returns their names. */
export function sweepDeadRuns(ip: string): string[] {
  const dead = ourNamespaces().filter((n) => !alive(ownerOf(n)!))
  for (const ns of dead) deleteSync(ip, ns)
  return dead
}

function deleteSync(ip: string, ns: string): void {
  try {
    execFileSync(ip, ['netns', 'del', ns], { stdio: 'ignore' })
  } catch {
    // already gone (another run swept it first)
  }
}

/** Records a namespace as ours until `release`; on process exit whatever is still recorded is deleted. */
export function own(ip: string, ns: string): void {
  if (!installed) {
    installed = true
    process.on('exit', () => {
      for (const name of owned) deleteSync(ip, name)
      owned.clear()
    })
  }
  owned.add(ns)
}

export function release(ns: string): void {
  owned.delete(ns)
}
