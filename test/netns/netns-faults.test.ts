/**
 * The netns network: every node in a namespace of its own, faults applied in the kernel. The mesh
 * tests mirror test/harness/mesh.test.ts; the `node:http` and UDP tests are what loopback cannot pass
 * (there, a partition only cuts the mesh).
 */
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { Cluster, netnsUnavailableReason, remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')
const Probe = remote<typeof import('#test-nodes/probe')>('#test-nodes/probe')
const Net = remote<typeof import('#test-nodes/net-probe')>('#test-nodes/net-probe')
const boot = ['#test-nodes/probe']

const skip = netnsUnavailableReason()
if (skip !== undefined) console.warn(`[netns tests] skipped: ${skip}`)

describe.skipIf(skip !== undefined)('network: netns', () => {
  test('each node has its own address, the mesh runs over it, ports are reachable at it', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 2, node: { boot, ports: ['http'] } })
    const [a, b] = cluster.nodes()
    expect(a!.address).toMatch(/^10\.250\.0\.\d+$/)
    expect(b!.address).not.toBe(a!.address)
    expect(await cluster.call(a!, Echo.peers, [])).toEqual([b!.name])
    expect(await cluster.call(a!, Probe.requestEcho, [b!.name, 'hi'])).toEqual({ echoed: 'hi', by: b!.name })
    await cluster.call(b!, Net.serveHttp, [b!.ports.http!])
    expect(await cluster.call(a!, Net.fetchHttp, [b!.address, b!.ports.http!, 5000])).toBe(b!.name)
    // Not on 127.0.0.1 of another node: each namespace has its own loopback.
    expect(await cluster.call(a!, Net.canConnect, ['127.0.0.1', b!.ports.http!, 500])).toBe(false)
  })

  test('partition cuts the mesh both ways and each side sees the other go down; heal reconnects', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 3, node: { boot } })
    const [a, b, c] = cluster.nodes()
    await cluster.partition([a!], [b!, c!])
    expect(await cluster.call(a!, Echo.peers, [])).toEqual([])
    expect(await cluster.call(b!, Echo.peers, [])).toEqual([c!.name])
    expect(await cluster.call(a!, Probe.seen, [])).toEqual(
      expect.arrayContaining([`down ${b!.name} disconnect`, `down ${c!.name} disconnect`]),
    )
    await cluster.heal()
    expect(await cluster.call(a!, Echo.peers, [])).toEqual([b!.name, c!.name].sort())
  })

  test("a partition cuts the user's own node:http traffic, and heal restores it", async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 3, node: { ports: ['http'] } })
    const [a, b, c] = cluster.nodes()
    for (const n of [b!, c!]) await cluster.call(n, Net.serveHttp, [n.ports.http!])
    expect(await cluster.call(a!, Net.fetchHttp, [b!.address, b!.ports.http!, 5000])).toBe(b!.name)
    await cluster.partition([a!], [b!])
    // A plain HTTP request across the cut hangs until its own timeout; traffic to c is untouched.
    expect(await cluster.call(a!, Net.fetchHttp, [b!.address, b!.ports.http!, 300])).toBe('error: timeout')
    expect(await cluster.call(a!, Net.fetchHttp, [c!.address, c!.ports.http!, 5000])).toBe(c!.name)
    await cluster.heal()
    expect(await cluster.call(a!, Net.fetchHttp, [b!.address, b!.ports.http!, 5000])).toBe(b!.name)
  })

  test('blackhole drops one direction in the kernel: the link goes down by heartbeat', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 2, node: { boot, ports: ['http'] } })
    const [a, b] = cluster.nodes()
    await cluster.call(b!, Net.serveHttp, [b!.ports.http!])
    await cluster.blackhole(a!, b!)
    expect(await cluster.call(a!, Net.canConnect, [b!.address, b!.ports.http!, 300])).toBe(false)
    await waitUntil(async () => expect(await cluster.call(b!, Echo.peers, [])).toEqual([]), {
      timeoutMs: 10_000,
    })
    await cluster.clearLinkFaults()
    await waitUntil(async () => expect(await cluster.call(a!, Echo.peers, [])).toEqual([b!.name]), {
      timeoutMs: 10_000,
    })
    expect(await cluster.call(a!, Net.canConnect, [b!.address, b!.ports.http!, 5000])).toBe(true)
  })

  test('loss drops that share of packets in the kernel (UDP datagrams show it)', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 2, node: { boot, ports: ['udp'] } })
    const [a, b] = cluster.nodes()
    const to = [b!.address, b!.ports.udp!] as const
    await cluster.call(b!, Net.countUdp, [b!.ports.udp!])
    /** Sends end markers (no loss is set then) until one arrived and the count held still across it:
     * every datagram sent before has been counted (two CPUs' receive queues may reorder a little). */
    const settled = async () => {
      let last = -1
      return waitUntil(async () => {
        await cluster.call(a!, Net.sendUdp, [...to, 1, 'end'])
        const seen = await cluster.call(b!, Net.udpReceived, [])
        const stable = seen.end && seen.data === last
        last = seen.data
        return stable ? seen.data : false
      })
    }
    await cluster.call(a!, Net.sendUdp, [...to, 100])
    expect(await settled()).toBe(100)
    await cluster.setLinkLoss(a!, b!, 0.5)
    await cluster.call(a!, Net.sendUdp, [...to, 200])
    // (The mesh is TCP: under this much loss its retransmissions back off past the heartbeat timeout,
    // so its link may go down and come back; nothing to assert about it here.)
    await cluster.clearLinkFaults()
    // 200 draws at p = 0.5: outside [50, 150] has odds below 1e-11.
    const got = (await settled()) - 100
    expect(got).toBeGreaterThan(50)
    expect(got).toBeLessThan(150)
  })

  test('a node restarted during a partition keeps its address and stays on its side until heal', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 3, node: { ports: ['http'] } })
    const [a, b, c] = cluster.nodes()
    const address = b!.address
    await cluster.partition([a!, b!], [c!])
    await cluster.killNode(b!)
    const again = await cluster.restartNode(b!)
    expect(again.address).toBe(address)
    expect(await cluster.call(again, Echo.peers, [])).toEqual([a!.name])
    await cluster.call(again, Net.serveHttp, [again.ports.http!])
    expect(await cluster.call(c!, Net.fetchHttp, [address, again.ports.http!, 300])).toBe('error: timeout')
    await cluster.heal()
    expect(await cluster.call(c!, Echo.peers, [])).toEqual([a!.name, b!.name].sort())
    expect(await cluster.call(c!, Net.fetchHttp, [address, again.ports.http!, 5000])).toBe(b!.name)
  })

  test('delay: in the kernel (every connection) where it has sch_netem, else in the mesh, and the cluster says which', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 2, node: { boot, ports: ['http'] } })
    const [a, b] = cluster.nodes()
    await cluster.call(b!, Net.serveHttp, [b!.ports.http!])
    const warnings: string[] = []
    const onWarning = (w: Error & { code?: string }) => warnings.push(w.code ?? '')
    process.on('warning', onWarning)
    const DELAY = 400
    await cluster.setLinkDelay(a!, b!, { ms: DELAY })
    const t0 = performance.now()
    await cluster.call(a!, Probe.requestEcho, [b!.name, 'slow'])
    expect(performance.now() - t0).toBeGreaterThanOrEqual(DELAY)
    const t1 = performance.now()
    expect(await cluster.call(a!, Net.fetchHttp, [b!.address, b!.ports.http!, 10_000])).toBe(b!.name)
    const http = performance.now() - t1
    process.off('warning', onWarning)
    if (cluster.delayLayer === 'kernel') {
      // A new connection crosses a → b twice before the answer: the SYN, then the request.
      expect(http).toBeGreaterThanOrEqual(2 * DELAY)
    } else {
      console.warn('[netns tests] this kernel has no sch_netem: delay is checked at the mesh layer only')
      expect(http).toBeLessThan(DELAY)
      expect(warnings).toContain('HANDOFF_MESH_DELAY')
    }
    await cluster.clearLinkFaults()
    const t2 = performance.now()
    expect(await cluster.call(a!, Net.fetchHttp, [b!.address, b!.ports.http!, 10_000])).toBe(b!.name)
    expect(performance.now() - t2).toBeLessThan(DELAY)
  })
})

describe('network option', () => {
  test('an unknown network is refused before anything starts', async () => {
    // @ts-expect-error: not a NetworkKind
    await expect(Cluster.start({ network: 'docker' })).rejects.toThrow(
      /network must be 'loopback' or 'netns'/,
    )
  })

  test.runIf(skip !== undefined)(
    'where netns cannot run, Cluster.start fails with a typed error',
    async () => {
      await expect(Cluster.start({ network: 'netns' })).rejects.toMatchObject({
        name: 'NetnsUnavailableError',
      })
    },
  )

  test.runIf(skip === undefined)(
    'without root, Cluster.start fails with a typed error naming what is missing',
    async () => {
      const script = fileURLToPath(new URL('../../dist/test/scripts/netns-unprivileged.js', import.meta.url))
      // The script drops to uid 65534 itself, after loading its modules as root.
      const run = await execa(process.execPath, [script], { reject: false })
      expect(JSON.parse(run.stdout)).toEqual({
        name: 'NetnsUnavailableError',
        message: expect.stringMatching(/network: 'netns'.*needs root.*network: 'loopback'/),
      })
    },
  )
})
