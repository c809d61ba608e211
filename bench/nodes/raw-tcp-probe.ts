/**
 * Bench boot module for the wire floor under `sync-latency` and `scale`: plain `net` sockets, no harness
 * code on the measured path. Every node listens on a loopback port of its own; before its first write
 * the writer asks each peer for that port (over the mesh, unmeasured) and connects, Nagle off. A write
 * is one length-prefixed frame — `[u32 length]` then key-value-bytes.ts, built once — written to
 * every reader's socket; a reader records the key's arrival when the whole frame is in and its key and
 * value are decoded. Same processes, pacing and CLOCK_MONOTONIC timing as `mesh-floor` and `push`, so
 * the three differ only in the path a write takes: this one is what the wire costs on this machine.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { node } from 'handoff-harness/node'
import { arrivals } from './arrivals.js'
import { decodeKeyValue, encodeKeyValue } from './key-value-bytes.js'
import type { ProbeStats } from './probe-api.js'
import * as Timed from './timed-writes.js'

export { arrivalCount, takeArrivalSpan, takeArrivals } from './arrivals.js'

const PORT_SERVICE = 'bench-raw-tcp-port'
const counters = { messagesSent: 0, bytesSent: 0 }
let server: Server | undefined
const accepted = new Set<Socket>()
/** The writer's sockets, by peer name. */
const outgoing = new Map<string, Socket>()

/** Reads frames off one socket and records each key's arrival once its key and value are decoded.
 * Chunks are joined once a frame is whole (a 1 MB value arrives in many chunks; joining at every chunk
 * would copy it over and over). */
function reader(socket: Socket): void {
  let chunks: Buffer[] = []
  let buffered = 0
  let need = 4
  socket.setNoDelay(true)
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    buffered += chunk.length
    while (buffered >= need) {
      let buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
      chunks = [buf]
      const length = buf.readUInt32BE(0)
      need = 4 + length
      if (buffered < need) break
      const { key } = decodeKeyValue(buf, 4, need)
      arrivals.recordOne(key, process.hrtime.bigint())
      buf = buf.subarray(need)
      chunks = buf.length > 0 ? [buf] : []
      buffered = buf.length
      need = 4
    }
  })
  socket.on('error', () => socket.destroy())
}

export async function start(): Promise<void> {
  const s = createServer((socket) => {
    accepted.add(socket)
    socket.on('close', () => accepted.delete(socket))
    reader(socket)
  })
  server = s
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => resolve())
  })
  const address = s.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  node.handle(PORT_SERVICE, () => port)
}

export async function stop(): Promise<void> {
  for (const s of [...outgoing.values(), ...accepted]) s.destroy()
  outgoing.clear()
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
}

/** Connects to every peer not connected yet (before any write is timed). */
async function connectAll(): Promise<Socket[]> {
  for (const peer of node.peers()) {
    if (outgoing.has(peer)) continue
    const port = await node.request<number>(peer, PORT_SERVICE, null, { timeoutMs: 30_000 })
    const socket = connect(port, '127.0.0.1')
    socket.setNoDelay(true)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('error', reject)
    })
    outgoing.set(peer, socket)
  }
  return [...outgoing.values()]
}

function frame(key: string, value: string): Buffer {
  const buf = encodeKeyValue(key, value, 4)
  buf.writeUInt32BE(buf.length - 4, 0)
  return buf
}

function broadcast(sockets: readonly Socket[], key: string, value: string): void {
  const bytes = frame(key, value)
  for (const socket of sockets) {
    socket.write(bytes)
    counters.messagesSent++
    counters.bytesSent += bytes.length
  }
}

export async function writePaced(
  prefix: string,
  n: number,
  valueBytes: number,
  paceMs: number,
): Promise<bigint[]> {
  const sockets = await connectAll()
  return Timed.writePaced(
    prefix,
    n,
    paceMs,
    (i) => Timed.benchValue(valueBytes, i),
    (key, value) => broadcast(sockets, key, value),
  )
}

export async function writeBurst(
  prefix: string,
  n: number,
  valueBytes: number,
): Promise<{ first: bigint; last: bigint }> {
  const sockets = await connectAll()
  return Timed.writeBurst(prefix, n, (key, i) => broadcast(sockets, key, Timed.benchValue(valueBytes, i)))
}

export function stats(): ProbeStats {
  return { ...counters, counted: true }
}
