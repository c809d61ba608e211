/**
 * Test-only: a process that starts a 3-node cluster, prints the node pids as one JSON line, and then
 * idles — so a test can kill it (or cut its IPC channel) and check that no node outlives it.
 */
import { Cluster } from 'handoff-harness'

const cluster = await Cluster.start({ nodes: 3 })
process.stdout.write(`${JSON.stringify(cluster.nodes().map((n) => n.pid))}\n`)
setInterval(() => {}, 1000)
