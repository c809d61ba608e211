/**
 * Before the handshake nothing is authenticated, so a connection may not make a node buffer more than a
 * few KB: a 64 MB frame header (and the junk behind it) is refused from its header, the connection is
 * closed and logged, and the node's memory, calls and links are untouched.
 */
import { connect } from 'node:net'
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Live = remote<typeof import('#test-nodes/liveness-probe')>('#test-nodes/liveness-probe')
const boot = ['#test-nodes/liveness-probe']

/** Sends a 64 MB frame header then junk until the node closes the connection; resolves with bytes sent. */
function floodUntilClosed(port: number): Promise<{ sent: number; closedByPeer: boolean }> {
  return new Promise((resolve) => {
    let sent = 0
    let closedByPeer = false
    const junk = Buffer.alloc(1024 * 1024, 0x5a)
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      const header = Buffer.alloc(4)
      header.writeUInt32BE(64 * 1024 * 1024, 0)
      socket.write(header)
      const pump = (): void => {
        // At most 64 MB: what the header announced.
        while (sent < 64 * 1024 * 1024 && !socket.destroyed) {
          sent += junk.length
          if (!socket.write(junk)) {
            socket.once('drain', pump)
            return
          }
        }
      }
      pump()
    })
    socket.on('error', () => {
      closedByPeer = true
    })
    socket.on('end', () => {
      closedByPeer = true
      socket.destroy()
    })
    socket.on('close', () => resolve({ sent, closedByPeer }))
  })
}

describe('mesh before the handshake', () => {
  test('a large frame header is refused at once: memory stays flat, the node keeps serving and its links', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const before = await cluster.call(n1, Live.rss, [])
    const { closedByPeer } = await floodUntilClosed(n1.meshPort)
    expect(closedByPeer).toBe(true)
    await waitUntil(() =>
      expect(cluster.logs(n1)).toMatch(/refused connection from .*frame length 67108864 exceeds 8192/),
    )
    const after = await cluster.call(n1, Live.rss, [])
    // Buffering the announced frame would add 64 MB; allow a few MB of ordinary noise.
    expect(after - before).toBeLessThan(8 * 1024 * 1024)
    expect(await cluster.call(n1, Live.peers, [])).toEqual([n2.name])
    expect(await cluster.call(n2, Live.peers, [])).toEqual([n1.name])
    expect(await cluster.call(n1, Live.downs, [])).toEqual([])
  })
})
