/**
 * How the mesh's links come to be. The dialer owns what decides whom this node may link with: the
 * directory (peer name → mesh port, fed by the manager) and the partitions in force (blocked peers).
 * For each pair the node whose name sorts first dials; the other accepts. A dial that fails is retried
 * with a doubling delay (10 ms up to 250 ms) while the peer is in the directory, not blocked and this
 * node is not leaving; the delay resets once a link is up. A socket whose handshake succeeds is handed
 * to the mesh (`adopt`), which owns the link from then on. Nothing here runs per frame.
 */
import { type Socket, connect as tcpConnect } from 'node:net'
import type { PeerAddress } from '../protocol.js'
import { acceptHandshake, type Credentials, dialHandshake, type HandshakeResult } from './handshake.js'

const HANDSHAKE_TIMEOUT_MS = 2000
const REDIAL_MIN_MS = 10
const REDIAL_MAX_MS = 250

export class Dialer {
  private readonly directory = new Map<string, number>()
  /** Peer name → its address (127.0.0.1 unless the launcher gives nodes their own). */
  private readonly hosts = new Map<string, string>()
  private readonly blocked = new Set<string>()
  private readonly dialing = new Set<string>()
  private readonly redialDelay = new Map<string, number>()
  private leaving = false

  constructor(
    private readonly own: Credentials,
    /** The mesh's live links, read to avoid dialling a peer already linked. */
    private readonly links: ReadonlyMap<string, unknown>,
    private readonly adopt: (socket: Socket, result: HandshakeResult) => void,
    private readonly log: (line: string) => void,
  ) {}

  addPeer(peer: PeerAddress): void {
    if (peer.name === this.own.name) return
    this.directory.set(peer.name, peer.port)
    this.hosts.set(peer.name, peer.host)
    this.redialDelay.delete(peer.name)
    this.maybeDial(peer.name)
  }

  /** Call before closing the peer's link, so the close does not schedule a redial. */
  removePeer(name: string): void {
    this.directory.delete(name)
  }

  /** Call before closing the peer's link, so the close does not schedule a redial. */
  block(peer: string): void {
    this.blocked.add(peer)
  }

  unblock(peer: string): void {
    this.blocked.delete(peer)
    this.redialDelay.delete(peer)
    this.maybeDial(peer)
  }

  isBlocked(peer: string): boolean {
    return this.blocked.has(peer)
  }

  /** A link to `peer` is up: its next redial starts from the shortest delay again. */
  linked(peer: string): void {
    this.redialDelay.delete(peer)
  }

  /** No more dials or accepted connections: the node is leaving. */
  stop(): void {
    this.leaving = true
  }

  accept(socket: Socket): void {
    socket.setNoDelay(true)
    const from = `${socket.remoteAddress}:${socket.remotePort}`
    acceptHandshake(socket, this.own, HANDSHAKE_TIMEOUT_MS).then(
      (result) => {
        if (this.blocked.has(result.peer) || this.leaving) {
          socket.destroy()
          return
        }
        this.adopt(socket, result)
      },
      (err: Error) => {
        this.log(`mesh: refused connection from ${from}: ${err.message}`)
        socket.destroy()
      },
    )
  }

  redial(peer: string, why: string): void {
    if (this.leaving || !this.directory.has(peer) || this.blocked.has(peer)) return
    const delay = this.redialDelay.get(peer) ?? REDIAL_MIN_MS
    if (delay === REDIAL_MIN_MS) this.log(`mesh: cannot reach ${peer} yet (${why}); retrying`)
    this.redialDelay.set(peer, Math.min(delay * 2, REDIAL_MAX_MS))
    setTimeout(() => this.maybeDial(peer), delay).unref()
  }

  private maybeDial(peer: string): void {
    if (this.leaving || !(this.own.name < peer)) return
    if (this.links.has(peer) || this.dialing.has(peer) || this.blocked.has(peer)) return
    const port = this.directory.get(peer)
    if (port === undefined) return
    this.dialing.add(peer)
    const socket = tcpConnect({ port, host: this.hosts.get(peer) ?? '127.0.0.1', noDelay: true })
    const failed = (why: string): void => {
      socket.destroy()
      this.dialing.delete(peer)
      this.redial(peer, why)
    }
    socket.once('error', (err) => failed(err.message))
    socket.once('connect', () => {
      socket.removeAllListeners('error')
      dialHandshake(socket, this.own, HANDSHAKE_TIMEOUT_MS).then(
        (result) => {
          this.dialing.delete(peer)
          if (result.peer !== peer) {
            failed(`expected ${peer} on port ${port}, found ${result.peer}`)
            return
          }
          if (this.blocked.has(peer) || this.leaving || this.directory.get(peer) !== port) {
            socket.destroy()
            this.maybeDial(peer)
            return
          }
          this.adopt(socket, result)
        },
        (err: Error) => failed(err.message),
      )
    })
  }
}
