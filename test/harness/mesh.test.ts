import { connect } from 'node:net'
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { encodeFrame } from '../../harness/mesh/frame.js'
import { MESH_PROTOCOL_VERSION } from '../../harness/mesh/wire.js'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')
const Probe = remote<typeof import('#test-nodes/probe')>('#test-nodes/probe')
const boot = ['#test-nodes/probe']

function rawConnection(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(bytes))
    socket.on('error', () => resolve())
    socket.on('close', () => resolve())
  })
}

describe('mesh', () => {
  test('send delivers in order; request gets the reply', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.call(n1!, Probe.sendSequence, [n2!.name, 200])
    await waitUntil(async () => {
      const seq = (await cluster.call(n2!, Probe.seen, [])).filter((e) => e.includes(' seq '))
      expect(seq).toEqual(Array.from({ length: 200 }, (_, i) => `msg ${n1!.name} seq ${i}`))
    })
    expect(await cluster.call(n1!, Probe.requestEcho, [n2!.name, { n: 1 }])).toEqual({
      echoed: { n: 1 },
      by: n2!.name,
    })
  })

  test('under link delay with jitter, frames still arrive in the order they were sent', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.setLinkDelay(n1, n2, { ms: 2, jitterMs: 20 })
    await cluster.call(n1, Probe.sendSequence, [n2.name, 200])
    await waitUntil(async () => {
      const seq = (await cluster.call(n2, Probe.seen, [])).filter((e) => e.includes(' seq '))
      expect(seq).toEqual(Array.from({ length: 200 }, (_, i) => `msg ${n1.name} seq ${i}`))
    })
  })

  test('a graceful stop delivers the frames a link delay still holds back', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.setLinkDelay(n1, n2, { ms: 30_000 })
    await cluster.call(n1, Probe.sendSequence, [n2.name, 50])
    await cluster.stopNode(n1)
    await waitUntil(async () => {
      const seq = (await cluster.call(n2, Probe.seen, [])).filter((e) => e.includes(' seq '))
      expect(seq).toEqual(Array.from({ length: 50 }, (_, i) => `msg ${n1.name} seq ${i}`))
    })
  })

  test('a delay change applies to frames still waiting, as on the link proxy', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await cluster.setLinkDelay(n1, n2, { ms: 60_000 })
    await cluster.call(n1, Probe.sendSequence, [n2.name, 50])
    const seen = async () => (await cluster.call(n2, Probe.seen, [])).filter((e) => e.includes(' seq '))
    expect(await seen()).toEqual([])
    // Held for a minute under the old delay; the new one (none) must release them well before that.
    await cluster.setLinkDelay(n1, n2, { ms: 0 })
    await waitUntil(
      async () =>
        expect(await seen()).toEqual(Array.from({ length: 50 }, (_, i) => `msg ${n1.name} seq ${i}`)),
      { timeoutMs: 20_000, message: 'the waiting frames went out under the new delay' },
    )
  })

  test('request failures are typed: handler error, unknown service, unreachable peer', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    expect(await cluster.call(n1!, Probe.requestError, [n2!.name, 'probe-fail'])).toEqual({
      name: 'RemoteServiceError',
      message: expect.stringContaining('RangeError: handler refused'),
    })
    expect(await cluster.call(n1!, Probe.requestError, [n2!.name, 'no-such-service'])).toEqual({
      name: 'RemoteServiceError',
      message: expect.stringContaining("has no handler for service 'no-such-service'"),
    })
    expect(await cluster.call(n1!, Probe.requestError, ['ghost', 'probe-echo'])).toEqual({
      name: 'PeerUnreachableError',
      message: expect.stringContaining('cannot reach ghost'),
    })
  })

  test('a connection without the cluster secret is refused and logged; the node keeps running', async ({
    cluster,
  }) => {
    const [n1] = await cluster.startNodes(1)
    const hello = encodeFrame({
      t: 'hello',
      v: MESH_PROTOCOL_VERSION,
      cluster: cluster.name,
      name: 'intruder',
      secret: 'wrong',
    })
    await rawConnection(n1!.meshPort, hello)
    await waitUntil(() =>
      expect(cluster.logs(n1!)).toMatch(/refused connection .*'intruder' presented a wrong cluster secret/),
    )
    expect(await cluster.call(n1!, Echo.peers, [])).toEqual([])
  })

  test('garbage on the mesh port is refused and logged; the node keeps running', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2)
    await rawConnection(n1!.meshPort, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
    await waitUntil(() => expect(cluster.logs(n1!)).toMatch(/refused connection .*garbage/))
    expect(await cluster.call(n1!, Echo.peers, [])).toEqual([n2!.name])
  })

  test('partition cuts links both ways and each side sees the other go down; heal reconnects', async ({
    cluster,
  }) => {
    const [a, b, c] = await cluster.startNodes(3, { boot })
    await cluster.partition([a!], [b!, c!])
    expect(await cluster.call(a!, Echo.peers, [])).toEqual([])
    expect(await cluster.call(b!, Echo.peers, [])).toEqual([c!.name])
    expect(await cluster.call(c!, Echo.peers, [])).toEqual([b!.name])
    expect(await cluster.call(a!, Probe.seen, [])).toEqual(
      expect.arrayContaining([`down ${b!.name} disconnect`, `down ${c!.name} disconnect`]),
    )
    expect(await cluster.call(b!, Probe.seen, [])).toContain(`down ${a!.name} disconnect`)
    // Frames cannot cross: a message sent across the cut is dropped.
    await cluster.call(a!, Probe.sendTo, [b!.name, 'across the cut'])
    await cluster.heal()
    expect(await cluster.call(a!, Echo.peers, [])).toEqual([b!.name, c!.name].sort())
    expect(await cluster.call(b!, Probe.seen, [])).not.toContain(`msg ${a!.name} across the cut`)
    const upA = (await cluster.call(b!, Probe.seen, [])).filter((e) => e === `up ${a!.name}`)
    expect(upA).toHaveLength(2)
  })

  test('a node restarted during a partition stays on its side until heal', async ({ cluster }) => {
    const [a, b, c] = await cluster.startNodes(3)
    await cluster.partition([a!, b!], [c!])
    await cluster.killNode(b!)
    const again = await cluster.restartNode(b!)
    expect(await cluster.call(again, Echo.peers, [])).toEqual([a!.name])
    expect(await cluster.call(c!, Echo.peers, [])).toEqual([])
    // A node that is in no group joins everyone.
    const d = await cluster.startNode()
    expect(await cluster.call(d, Echo.peers, [])).toEqual([a!.name, b!.name, c!.name].sort())
    await cluster.heal()
    expect(await cluster.call(c!, Echo.peers, [])).toEqual([a!.name, b!.name, d.name].sort())
  })

  test('heal after a partitioned node died lets it come back under the same name', async ({ cluster }) => {
    const [a, b] = await cluster.startNodes(2)
    await cluster.partition([a!], [b!])
    await cluster.killNode(b!)
    await cluster.heal()
    const again = await cluster.restartNode(b!)
    expect(await cluster.call(again, Echo.peers, [])).toEqual([a!.name])
  })

  test('a paused node is declared down by heartbeats, and comes back up after resume', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    cluster.pauseNode(n1!)
    try {
      await waitUntil(async () => expect(await cluster.call(n2!, Echo.peers, [])).toEqual([]), {
        timeoutMs: 10_000,
      })
      expect(await cluster.call(n2!, Probe.seen, [])).toContain(`down ${n1!.name} disconnect`)
    } finally {
      cluster.resumeNode(n1!)
    }
    await waitUntil(async () => expect(await cluster.call(n2!, Echo.peers, [])).toEqual([n1!.name]), {
      timeoutMs: 10_000,
    })
    expect(await cluster.call(n1!, Echo.peers, [])).toEqual([n2!.name])
  })

  test('two clusters started at the same time never see each other', async ({ cluster }) => {
    const { Cluster } = await import('handoff-harness')
    await using other = await Cluster.start({ nodes: 2 })
    const mine = await cluster.startNodes(2)
    expect(other.name).not.toBe(cluster.name)
    const theirs = other.nodes()
    expect(await cluster.call(mine[0]!, Echo.peers, [])).toEqual([mine[1]!.name])
    expect(await other.call(theirs[0]!, Echo.peers, [])).toEqual([theirs[1]!.name])
    // Even knowing the port, a node of one cluster cannot join the other (different secret).
    const hello = encodeFrame({
      t: 'hello',
      v: MESH_PROTOCOL_VERSION,
      cluster: cluster.name,
      name: theirs[0]!.name,
      secret: 'guess',
    })
    await rawConnection(mine[0]!.meshPort, hello)
    await waitUntil(() => expect(cluster.logs(mine[0]!)).toMatch(/wrong cluster secret/))
  })
})
