/**
 * Test-only node module for the netns network: the user's own sockets, outside the mesh — a plain
 * `node:http` server and client, a UDP counter, a raw TCP connect — so a test can tell whether a fault
 * reaches traffic the harness does not carry.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, request, type Server } from 'node:http'
import { connect } from 'node:net'
import { node } from 'handoff-harness/node'

let server: Server | undefined
let udp: UdpSocket | undefined
let datagrams = 0
let endSeen = false

/** Serves `GET /` with this node's name on `port`, on every address of the node. */
export async function serveHttp(port: number): Promise<void> {
  server ??= createServer((_req, res) => res.end(node.name))
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject)
    server!.listen(port, '0.0.0.0', () => resolve())
  })
}

/** `GET http://host:port/` with a deadline: the body, or `error: …`. A fresh connection each time. */
export function fetchHttp(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve(body))
      res.on('error', (err) => resolve(`error: ${err.message}`))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (err) => resolve(`error: ${err.message}`))
    req.end()
  })
}

/** Whether a TCP connection to host:port opens within the deadline. */
export function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** Counts UDP datagrams arriving on `port`; an `end` datagram is a marker, not counted. */
export async function countUdp(port: number): Promise<void> {
  udp = createSocket('udp4')
  udp.on('message', (msg) => {
    if (msg.toString() === 'end') endSeen = true
    else datagrams++
  })
  await new Promise<void>((resolve) => udp!.bind(port, '0.0.0.0', () => resolve()))
}

/** Datagrams counted so far, and whether an `end` marker arrived since the last call. Datagrams on one
 * path arrive in order, so once the marker is seen every datagram sent before it has been counted. */
export function udpReceived(): { data: number; end: boolean } {
  const seen = { data: datagrams, end: endSeen }
  endSeen = false
  return seen
}

/** Sends `count` datagrams with `payload` to host:port, 10 at a time, so no socket buffer overflows. */
export async function sendUdp(host: string, port: number, count: number, payload = 'd'): Promise<void> {
  const socket = createSocket('udp4')
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => socket.send(payload, port, host, () => resolve()))
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 1))
  }
  socket.close()
}

/** Opens a connection to host:port, writes `payload` and resolves with the first reply line, or
 * `error: …` (a timeout included). */
export function exchange(host: string, port: number, payload: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    let reply = ''
    const done = (result: string): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => done('error: timeout'), timeoutMs)
    socket.once('connect', () => socket.write(payload))
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString()
      const end = reply.indexOf('\r\n')
      if (end >= 0) done(reply.slice(0, end))
    })
    socket.once('error', (err) => done(`error: ${err.message}`))
  })
}
