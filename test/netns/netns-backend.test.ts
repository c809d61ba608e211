/**
 * A backend server in a namespace of its own (`Cluster.addHost`): the nodes reach it at its address,
 * and a partition separates a node from it in the kernel — no proxy in between.
 */
import { existsSync } from 'node:fs'
import { execa } from 'execa'
import getPort from 'get-port'
import { Cluster, netnsUnavailableReason, remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'vitest'

const Net = remote<typeof import('#test-nodes/net-probe')>('#test-nodes/net-probe')
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p))
const skip = netnsUnavailableReason() ?? (REDIS === undefined ? 'redis-server is not installed' : undefined)
if (skip !== undefined) console.warn(`[netns backend tests] skipped: ${skip}`)

describe.skipIf(skip !== undefined)('netns: a backend host', () => {
  test('a partition separates a node from its Redis; heal gives it back', async () => {
    await using cluster = await Cluster.start({ network: 'netns', nodes: 2 })
    const [a, b] = cluster.nodes()
    const host = await cluster.addHost('redis')
    const port = await getPort()
    const redis = execa(
      host.exec[0]!,
      [
        ...host.exec.slice(1),
        REDIS!,
        '--bind',
        host.address,
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
        // Redis only answers loopback clients unless told otherwise: the nodes are other hosts.
        '--protected-mode',
        'no',
      ],
      { reject: false, cleanup: true },
    )
    try {
      const ping = (n: typeof a, timeoutMs = 5000) =>
        cluster.call(n!, Net.exchange, [host.address, port, 'PING\r\n', timeoutMs])
      await waitUntil(async () => expect(await ping(a)).toBe('+PONG'), { timeoutMs: 10_000 })
      await cluster.partition([a!], [b!, 'redis'])
      expect(await ping(a, 300)).toBe('error: timeout')
      expect(await ping(b)).toBe('+PONG')
      await cluster.heal()
      expect(await ping(a)).toBe('+PONG')
      await cluster.blackhole('redis', a!)
      expect(await ping(a, 300)).toBe('error: timeout')
      await cluster.clearLinkFaults()
      expect(await ping(a)).toBe('+PONG')
      // Delay towards a backend host exists only in the kernel: without netem it is refused, not ignored.
      if (cluster.delayLayer === 'kernel') {
        await cluster.setLinkDelay(a!, 'redis', { ms: 300 })
        const t0 = performance.now()
        expect(await ping(a)).toBe('+PONG')
        expect(performance.now() - t0).toBeGreaterThanOrEqual(300)
      } else {
        await expect(cluster.setLinkDelay(a!, 'redis', { ms: 300 })).rejects.toThrow(
          /backend host 'redis'.*no sch_netem/,
        )
      }
    } finally {
      redis.kill('SIGKILL')
      await redis
    }
  })

  test('addHost on a loopback cluster is refused with what to do', async () => {
    await using cluster = await Cluster.start()
    await expect(cluster.addHost('redis')).rejects.toThrow(/addHost needs network: 'netns'/)
  })
})
