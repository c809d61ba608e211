/**
 * Test-only: a manager process that starts a 2-node netns cluster and prints its own pid and the node
 * pids as one JSON line. With `exit` it then exits without stopping the cluster (the exit handler must
 * clean up); otherwise it idles until killed (the next netns start must sweep what it left).
 */
import { Cluster } from 'handoff-harness'

const cluster = await Cluster.start({ network: 'netns', nodes: 2 })
process.stdout.write(`${JSON.stringify({ pid: process.pid, nodes: cluster.nodes().map((n) => n.pid) })}\n`)
if (process.argv[2] === 'exit') process.exit(0)
setInterval(() => {}, 1000)
