// Run by run.sh inside the check VM (a kernel with sch_netem): a real 2-node netns cluster whose link
// delay must be the kernel's — a user's own HTTP between the nodes is delayed, the mesh is delayed
// once (not by the mesh on top), a cut still cuts, and clearing removes the netem leaf. Prints the
// figures and a verdict as `CHECK {json}`.

import { Cluster, remote } from '@REPO@/dist/harness/index.js'
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'

const Net = remote('#test-nodes/net-probe')
const Probe = remote('#test-nodes/probe')
const DELAY = 500
const out = {}
const cluster = await Cluster.start({
  network: 'netns',
  nodes: 2,
  node: { boot: ['#test-nodes/probe'], ports: ['http'] },
})
const [a, b] = cluster.nodes()
out.delayLayer = cluster.delayLayer
await cluster.call(b, Net.serveHttp, [b.ports.http])
/** Three samples (ms) and the last result. */
const three = async (f) => {
  const times = []
  let result
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    result = await f()
    times.push(Math.round(performance.now() - t))
  }
  return { result, times, min: Math.min(...times) }
}
const http = (timeout = 10_000) =>
  three(() => cluster.call(a, Net.fetchHttp, [b.address, b.ports.http, timeout]))
const mesh = () => three(() => cluster.call(a, Probe.requestEcho, [b.name, 'x']))
const hub = readdirSync('/run/netns').find((n) => n.endsWith('-hub'))
const qdiscs = () =>
  execFileSync('tc', ['-n', hub, 'qdisc', 'show', 'dev', `p${b.address.split('.')[3]}`], { encoding: 'utf8' })
for (let i = 0; i < 5; i++) await cluster.call(a, Net.fetchHttp, [b.address, b.ports.http, 10_000])
for (let i = 0; i < 5; i++) await cluster.call(a, Probe.requestEcho, [b.name, 'warm'])
out.httpBefore = await http()
out.meshBefore = await mesh()
await cluster.setLinkDelay(a, b, { ms: DELAY })
out.tree = qdiscs().trim().split('\n')
out.httpDelayed = await http()
out.meshDelayed = await mesh()
await cluster.setLinkDelay(a, b, { ms: 300, jitterMs: 200 })
out.httpJitter = await http()
await cluster.partition([a], [b])
out.httpCut = await http(600)
await cluster.heal()
out.httpHealedStillDelayed = await http()
await cluster.clearLinkFaults()
out.treeCleared = qdiscs().trim().split('\n')
out.httpCleared = await http()
await cluster.stop()
out.namespacesLeft = readdirSync('/run/netns')
out.verdict = {
  kernelDelay: out.delayLayer === 'kernel',
  // A new connection crosses a → b twice before its answer: the SYN, then the request.
  httpDelayedTwice: out.httpDelayed.min >= 2 * DELAY,
  meshDelayedOnce: out.meshDelayed.min >= DELAY && out.meshDelayed.min < 2 * DELAY,
  jitterWithinBounds: out.httpJitter.min >= 2 * 300,
  cutStillCuts: out.httpCut.result === 'error: timeout',
  netemLeafRemoved: !out.treeCleared.some((l) => l.includes('netem')),
  nothingLeft: out.namespacesLeft.length === 0,
}
out.ok = Object.values(out.verdict).every(Boolean)
console.log(`CHECK ${JSON.stringify(out, null, 1)}`)
