/**
 * Nothing the netns network creates outlives its owner: not after `stop()`, not after the manager
 * exits without stopping, not after it is SIGKILLed (the next netns start sweeps it). Everything lives
 * in namespaces we create (the bridge and the veths' outer ends in a hub namespace, qdiscs and filters
 * on those), so "no namespace left" is the whole check — plus that the host's own namespace gained no
 * interface and no qdisc.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { Cluster, netnsUnavailableReason, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'vitest'
import { ownerOf } from '../../harness/netns/plan.js'
import { ourNamespaces } from '../../harness/netns/sweep.js'
import { isRunning } from '../support/process-state.js'

const parentScript = fileURLToPath(new URL('../../dist/test/scripts/netns-parent.js', import.meta.url))
const skip = netnsUnavailableReason()

const ownedBy = (pid: number): string[] => ourNamespaces().filter((n) => ownerOf(n) === pid)
const hostLinks = (): string =>
  execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).replace(/\d+: /g, '')
const hostQdiscs = (): string => execFileSync('tc', ['qdisc', 'show'], { encoding: 'utf8' })

async function startParent(mode: 'idle' | 'exit') {
  const child = execa(process.execPath, [parentScript, mode], {
    reject: false,
    buffer: false,
    stdout: 'pipe',
  })
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')))
    })
    void child.then((r) =>
      reject(new Error(`the manager exited early: ${String(r.exitCode)} ${r.stderr ?? ''}`)),
    )
  })
  return { child, ...(JSON.parse(line) as { pid: number; nodes: number[] }) }
}

describe.skipIf(skip !== undefined)('netns cleanup', () => {
  test('stop() removes every namespace (so every veth, bridge and qdisc); the host gains nothing', async () => {
    const links = hostLinks()
    const qdiscs = hostQdiscs()
    const cluster = await Cluster.start({ network: 'netns', nodes: 2 })
    const [a, b] = cluster.nodes()
    await cluster.partition([a!], [b!])
    await cluster.setLinkLoss(b!, a!, 0.3)
    // hub + one namespace per node, all named after this process.
    expect(ownedBy(process.pid)).toHaveLength(3)
    expect(hostLinks()).toBe(links)
    await cluster.stop()
    expect(ownedBy(process.pid)).toEqual([])
    expect(hostLinks()).toBe(links)
    expect(hostQdiscs()).toBe(qdiscs)
  })

  test('a manager that exits without stop() leaves no namespace (its exit handler deletes them)', async () => {
    const parent = await startParent('exit')
    await parent.child
    expect(ownedBy(parent.pid)).toEqual([])
    await waitUntil(() => expect(parent.nodes.filter(isRunning)).toEqual([]))
  })

  test('after a SIGKILL of the manager, the next netns start sweeps what it left', async () => {
    const parent = await startParent('idle')
    expect(ownedBy(parent.pid)).toHaveLength(3)
    parent.child.kill('SIGKILL')
    await parent.child
    // Nothing ran in the killed manager: its nodes die with it (pdeathsig), its namespaces stay until a
    // netns start sweeps them — ours below, or one in a test file running beside this one.
    await waitUntil(() => expect(parent.nodes.filter(isRunning)).toEqual([]))
    const next = await Cluster.start({ network: 'netns' })
    expect(ownedBy(parent.pid)).toEqual([])
    await next.stop()
  })
})
