/**
 * The mesh: our distribution layer. Every node listens on its host (127.0.0.1 unless told otherwise; port
 * 0, reported to the manager) and keeps one TCP link per peer, full mesh. For each pair the node whose name sorts first dials, so
 * there is one link per pair; it also redials after a disconnect while the peer is in its directory and
 * not blocked. The manager feeds the directory (who exists, on which port) and the partitions; both
 * live in the dialer (dialer.ts), which makes links and hands them here. The mesh owns the live links.
 *
 * Heartbeats (detector.ts, liveness.ts): a link with nothing sent for `intervalMs` sends a heartbeat; a
 * link from which nothing at all was received for `timeoutMs` of this node's own running time is declared
 * down (`'disconnect'`), which is how a paused or silent peer is detected — while a node that was itself
 * starved does not blame its peers. A graceful leave sends `bye` first, so peers report `'shutdown'`.
 *
 * Delivery: frames on one TCP connection are ordered; nothing is retried, so `send` is at most once.
 */
import { createServer, type Server, type Socket } from 'node:net'
import type { LinkFault } from '../faults/index.js'
import type { DownReason, ServiceHandler } from '../node-api.js'
import { FailureDetector } from './detector.js'
import { Dialer } from './dialer.js'
import { PeerDownError, PeerUnreachableError, RemoteServiceError, RequestTimeoutError } from './errors.js'
import type { Credentials, HandshakeResult } from './handshake.js'
import type { HeartbeatSettings } from './heartbeat-settings.js'
import { Link } from './link.js'
import type { PeerAddress } from './peer-address.js'
import { serveRequest } from './serve-request.js'
import type { WireFrame } from './wire.js'

const LOOPBACK = '127.0.0.1'

interface PendingRequest {
  peer: string
  service: string
  resolve(value: unknown): void
  reject(err: Error): void
  timer: NodeJS.Timeout
}

export class Mesh {
  private server: Server | undefined
  private readonly links = new Map<string, Link>()
  private readonly dialer: Dialer
  private readonly faults = new Map<string, LinkFault>()
  private readonly handlers = new Map<string, ServiceHandler>()
  private readonly pending = new Map<number, PendingRequest>()
  private readonly upListeners = new Set<(peer: string) => void>()
  private readonly downListeners = new Set<(peer: string, reason: DownReason) => void>()
  private readonly waiters = new Set<() => void>()
  private nextRequestId = 1
  private readonly detector: FailureDetector

  constructor(
    private readonly own: Credentials,
    heartbeat: HeartbeatSettings,
    private readonly log: (line: string) => void,
    /** The address this node listens on and its peers are dialled at. */
    private readonly host = LOOPBACK,
  ) {
    this.detector = new FailureDetector(heartbeat, () => this.links.values(), log)
    this.dialer = new Dialer(
      own,
      this.links,
      this.detector.clock,
      // Handshakes wait longer than links: a node answers ~60 of them at start, on a starved CPU.
      () => Math.max(5000, 5 * this.detector.currentTimeoutMs()),
      (socket, result) => this.adopt(socket, result),
      log,
      host,
    )
  }

  /** Listens on the mesh host, port 0; resolves with the port the kernel gave. */
  async listen(): Promise<number> {
    const host = this.host
    const server = createServer((socket) => this.dialer.accept(socket))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, host, () => resolve())
    })
    server.on('error', (err) => this.log(`mesh server error: ${err.message}`))
    this.detector.start()
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('mesh server has no TCP address')
    return address.port
  }

  // --- directory and partitions (driven by the manager) ---

  setDirectory(peers: PeerAddress[]): void {
    for (const peer of peers) this.addPeer(peer)
  }

  addPeer(peer: PeerAddress): void {
    this.dialer.addPeer(peer)
  }

  removePeer(name: string): void {
    this.dialer.removePeer(name)
    this.links.get(name)?.destroy('peer left the cluster')
    for (const waiter of this.waiters) waiter()
  }

  block(peers: string[]): void {
    for (const peer of peers) {
      this.dialer.block(peer)
      this.links.get(peer)?.destroy('partitioned')
    }
    this.log(`partition: blocked ${peers.join(', ') || '(none)'}`)
  }

  unblock(peers: string[]): void {
    for (const peer of peers) this.dialer.unblock(peer)
    this.log(`partition healed: unblocked ${peers.join(', ') || '(none)'}`)
  }

  setFault(peer: string, fault: LinkFault | null): void {
    if (fault === null) this.faults.delete(peer)
    else this.faults.set(peer, fault)
    this.links.get(peer)?.setFault(fault)
    this.log(`link fault to ${peer}: ${fault === null ? 'cleared' : JSON.stringify(fault)}`)
  }

  /** Resolves once a link to each named peer is up (blocked peers and peers that left the directory
   * excepted); rejects after the deadline. */
  whenConnected(names: string[], timeoutMs: number): Promise<void> {
    const missing = (): string[] =>
      names.filter((n) => !this.links.has(n) && !this.dialer.isBlocked(n) && this.dialer.knows(n))
    if (missing().length === 0) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (missing().length > 0) return
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`not connected to ${missing().join(', ')} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiters.add(check)
    })
  }

  // --- the node API surface ---

  peers(): string[] {
    return [...this.links.keys()]
  }

  onUp(listener: (peer: string) => void): () => void {
    this.upListeners.add(listener)
    return () => this.upListeners.delete(listener)
  }

  onDown(listener: (peer: string, reason: DownReason) => void): () => void {
    this.downListeners.add(listener)
    return () => this.downListeners.delete(listener)
  }

  handle(service: string, handler: ServiceHandler): () => void {
    if (this.handlers.has(service)) throw new Error(`${this.own.name} already has a handler for '${service}'`)
    this.handlers.set(service, handler)
    return () => {
      if (this.handlers.get(service) === handler) this.handlers.delete(service)
    }
  }

  send(peer: string, service: string, body: unknown): void {
    this.links.get(peer)?.send({ t: 'msg', s: service, b: body })
  }

  request(peer: string, service: string, body: unknown, timeoutMs: number): Promise<unknown> {
    const link = this.links.get(peer)
    if (link === undefined) return Promise.reject(new PeerUnreachableError(this.own.name, peer, service))
    const id = this.nextRequestId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new RequestTimeoutError(this.own.name, peer, service, timeoutMs))
      }, timeoutMs)
      this.pending.set(id, { peer, service, resolve, reject, timer })
      link.send({ t: 'req', i: id, s: service, b: body })
    })
  }

  /** Graceful leave: every peer gets `bye`, then the sockets and the server close. */
  async leave(): Promise<void> {
    this.dialer.stop()
    this.detector.stop()
    await Promise.all([...this.links.values()].map((link) => link.leave()))
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  // --- connections ---

  private adopt(socket: Socket, result: HandshakeResult): void {
    const { peer } = result
    this.links.get(peer)?.destroy('replaced by a new connection')
    const link = new Link(
      peer,
      socket,
      { frame: (l, f) => this.onFrame(l, f), closed: (l, g, w) => this.onClosed(l, g, w) },
      result.decoder,
    )
    const fault = this.faults.get(peer)
    if (fault !== undefined) link.setFault(fault)
    this.links.set(peer, link)
    this.dialer.linked(peer)
    this.log(`mesh: connected to ${peer}`)
    for (const listener of this.upListeners) this.safely(() => listener(peer), `onNodeUp(${peer})`)
    for (const waiter of this.waiters) waiter()
    for (const frame of result.leftovers) if (link.isOpen) this.onFrame(link, frame)
  }

  private onClosed(link: Link, graceful: boolean, why: string): void {
    if (this.links.get(link.peer) !== link) return
    this.links.delete(link.peer)
    const reason: DownReason = graceful ? 'shutdown' : 'disconnect'
    this.log(`mesh: ${link.peer} down (${reason}: ${why})`)
    for (const [id, req] of this.pending) {
      if (req.peer !== link.peer) continue
      this.pending.delete(id)
      clearTimeout(req.timer)
      req.reject(new PeerDownError(this.own.name, req.peer, req.service))
    }
    for (const down of this.downListeners)
      this.safely(() => down(link.peer, reason), `onNodeDown(${link.peer})`)
    if (!graceful) this.dialer.redial(link.peer, why)
  }

  // --- frames ---

  private onFrame(link: Link, frame: WireFrame): void {
    switch (frame.t) {
      case 'msg': {
        const handler = this.handlers.get(frame.s)
        if (handler === undefined) {
          this.log(`mesh: dropped a message for unknown service '${frame.s}' from ${link.peer}`)
          return
        }
        // Not through safely(): a closure and a label string per message cost µs on a node woken from idle.
        try {
          const result = handler(frame.b, link.peer)
          if (result instanceof Promise)
            result.catch((err: unknown) => this.failed(`handler '${frame.s}'`, err))
        } catch (err) {
          this.failed(`handler '${frame.s}'`, err)
        }
        return
      }
      case 'req':
        serveRequest(link, this.own.name, frame, this.handlers.get(frame.s))
        return
      case 'rep': {
        const req = this.pending.get(frame.i)
        if (req === undefined) return
        this.pending.delete(frame.i)
        clearTimeout(req.timer)
        if (frame.ok) req.resolve(frame.b)
        else req.reject(new RemoteServiceError(this.own.name, link.peer, req.service, frame.e))
        return
      }
      case 'hb':
        return
      default:
        link.destroy(`unexpected '${frame.t}' frame after the handshake`)
    }
  }

  private safely(fn: () => unknown, what: string): void {
    try {
      const result = fn()
      if (result instanceof Promise) result.catch((err: unknown) => this.failed(what, err))
    } catch (err) {
      this.failed(what, err)
    }
  }

  private failed(what: string, err: unknown): void {
    this.log(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  }
}
