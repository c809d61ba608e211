import { connect, createServer, type Server, type Socket } from 'node:net'
import { waitUntil } from 'handoff-harness'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { LinkProxy } from '../../harness/proxy/index.js'

/** A real TCP echo server that also remembers what it received. */
interface EchoServer {
  server: Server
  port: number
  received: () => string
}

async function startEchoServer(): Promise<EchoServer> {
  let received = ''
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {})
    socket.on('data', (chunk) => {
      received += chunk.toString()
      socket.write(chunk)
    })
    socket.on('end', () => socket.end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  return { server, port: address.port, received: () => received }
}

interface Client {
  socket: Socket
  text: () => string
  closed: () => boolean
  error: () => string | undefined
}

function connectClient(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    let text = ''
    let closed = false
    let error: string | undefined
    const socket = connect({ port, host: '127.0.0.1' }, () =>
      resolve({ socket, text: () => text, closed: () => closed, error: () => error }),
    )
    socket.on('data', (chunk) => {
      text += chunk.toString()
    })
    socket.on('error', (err) => {
      error = (err as NodeJS.ErrnoException).code ?? err.message
      reject(err)
    })
    socket.on('close', () => {
      closed = true
    })
  })
}

/** Resolves once `probe` has held continuously for `ms` (used to show that nothing arrives). */
async function holdsFor(probe: () => boolean, ms: number): Promise<boolean> {
  const until = performance.now() + ms
  while (performance.now() < until) {
    if (!probe()) return false
    await new Promise((r) => setTimeout(r, 10))
  }
  return probe()
}

describe('link proxy', () => {
  let echo: EchoServer
  let proxy: LinkProxy
  const clients: Client[] = []
  const open = async (): Promise<Client> => {
    const client = await connectClient(proxy.port)
    clients.push(client)
    return client
  }

  beforeEach(async () => {
    echo = await startEchoServer()
    proxy = await LinkProxy.start({ target: { host: '127.0.0.1', port: echo.port }, name: 'echo' })
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy()
    await proxy.close()
    await new Promise((r) => echo.server.close(r))
  })

  test('forwards bytes both ways and half-closes cleanly', async () => {
    const client = await open()
    client.socket.write('hello ')
    client.socket.write('world')
    await waitUntil(() => expect(client.text()).toBe('hello world'))
    expect(proxy.openConnections).toBe(1)
    client.socket.end()
    await waitUntil(() => expect(client.closed()).toBe(true))
    await waitUntil(() => expect(proxy.openConnections).toBe(0))
  })

  test('cut (reset) closes open connections and refuses new ones; heal restores', async () => {
    const before = await open()
    proxy.cut()
    await waitUntil(() => expect(before.closed()).toBe(true))
    expect(proxy.isCut).toBe(true)
    const during = await connectClient(proxy.port).catch(() => undefined)
    if (during !== undefined) {
      // The handshake may complete before the reset arrives; the connection is closed at once anyway.
      await waitUntil(() => expect(during.closed()).toBe(true))
    }
    proxy.heal()
    const after = await open()
    after.socket.write('back')
    await waitUntil(() => expect(after.text()).toBe('back'))
    expect(proxy.events().map((e) => e.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cut \(reset\): closed 1 open/),
        expect.stringMatching(/^healed/),
      ]),
    )
  })

  test('cut (silent) holds bytes both ways; heal delivers them in order', async () => {
    const client = await open()
    proxy.cut({ mode: 'silent' })
    client.socket.write('a')
    client.socket.write('b')
    expect(await holdsFor(() => echo.received() === '' && client.text() === '', 150)).toBe(true)
    proxy.heal()
    await waitUntil(() => expect(client.text()).toBe('ab'))
  })

  test('blackhole up: the target gets nothing until it is lifted', async () => {
    const client = await open()
    proxy.blackhole('up')
    client.socket.write('ping')
    expect(await holdsFor(() => echo.received() === '', 150)).toBe(true)
    proxy.clearLinkFaults()
    await waitUntil(() => expect(client.text()).toBe('ping'))
  })

  test('blackhole down: the target receives, the client hears nothing until it is lifted', async () => {
    const client = await open()
    proxy.blackhole('down')
    client.socket.write('ping')
    await waitUntil(() => expect(echo.received()).toBe('ping'))
    expect(await holdsFor(() => client.text() === '', 150)).toBe(true)
    proxy.clearLinkFaults()
    await waitUntil(() => expect(client.text()).toBe('ping'))
    expect(proxy.events().map((e) => e.text)).toContain('down (target → client): blackholed')
  })

  test('delay holds each chunk at least the delay, keeps order under jitter', async () => {
    const client = await open()
    proxy.setLinkDelay('both', { ms: 40, jitterMs: 30 })
    const started = performance.now()
    for (let i = 0; i < 20; i++) client.socket.write(`${i},`)
    const expected = Array.from({ length: 20 }, (_, i) => `${i},`).join('')
    await waitUntil(() => expect(client.text()).toBe(expected))
    // Two delayed hops (up and down): the echo cannot be back sooner.
    expect(performance.now() - started).toBeGreaterThanOrEqual(80)
    proxy.setLinkDelay('both', { ms: 0 })
    client.socket.write('x')
    await waitUntil(() => expect(client.text()).toBe(`${expected}x`))
  })

  test('loss resets the connection (TCP cannot lose bytes mid-stream); probability 0 restores', async () => {
    const client = await open()
    proxy.setLinkLoss('up', 1)
    client.socket.write('lost')
    await waitUntil(() => expect(client.closed()).toBe(true))
    expect(echo.received()).toBe('')
    proxy.setLinkLoss('up', 0)
    const next = await open()
    next.socket.write('kept')
    await waitUntil(() => expect(next.text()).toBe('kept'))
    expect(proxy.events().some((e) => e.text.startsWith('loss on up'))).toBe(true)
  })

  test('rejects invalid faults and logs every change through the log callback', async () => {
    expect(() => proxy.setLinkLoss('up', 2)).toThrow(RangeError)
    expect(() => proxy.setLinkDelay('down', { ms: -1 })).toThrow(RangeError)
    const lines: string[] = []
    await using logged = await LinkProxy.start({
      target: { host: '127.0.0.1', port: echo.port },
      name: 'logged',
      log: (line) => lines.push(line),
    })
    logged.setLinkDelay('up', { ms: 5 })
    logged.cut()
    logged.heal()
    expect(lines.map((l) => l.replace(/\d+/g, 'N'))).toEqual([
      'link-proxy logged: listening on N.N.N.N:N, forwarding to N.N.N.N:N',
      'link-proxy logged: up (client → target): delay N ms + ≤N ms',
      'link-proxy logged: cut (reset): closed N open connection(s); new ones are reset',
      'link-proxy logged: healed: connections accepted and forwarded again',
    ])
  })
})
