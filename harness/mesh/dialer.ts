/**
 * How the mesh's links come to be. The dialer owns what decides whom this node may link with: the
 * directory (peer name → mesh port, fed by the manager) and the partitions in force (blocked peers).
 * For each pair the node whose name sorts first dials; the other accepts. A dial that fails is retried
 * with a doubling, jittered delay (20 ms up to 1 s) while the peer is in the directory, not blocked and
 * this node is not leaving; the delay resets once a link is up. A socket whose handshake succeeds is
 * handed to the mesh (`adopt`), which owns the link from then on. Nothing here runs per frame.
 *
 * Start-up storms: when 64 nodes start at once each has ~32 peers to dial and as many handshakes to
 * answer, on a starved CPU. So at most MAX_DIALS dials are in flight per node (the rest queue), and a
 * handshake's deadline counts this node's running time (liveness.ts), not wall time: a handshake that
 * waited because this node was not scheduled has not failed. A dialer that gives up on a handshake the
 * acceptor already completed makes the acceptor see a false "down", which is what cascaded before.
 */
import { type Socket, connect as tcpConnect } from 'node:net'
import {
  acceptHandshake,
  type Credentials,
  type Deadline,
  dialHandshake,
  type HandshakeResult,
} from './handshake.js'
import type { RunClock } from './liveness.js'
import type { PeerAddress } from './peer-address.js'

const REDIAL_MIN_MS = 20
const REDIAL_MAX_MS = 1000
const MAX_DIALS = 8

/** A deadline of `limit()` ms of this node's running time (at least that much wall time); `limit` is
 * read again at each check, so a deadline stretches while the machine is starved. */
export function runDeadline(clock: RunClock, limit: () => number): Deadline {
  return (expired) => {
    const startRun = clock.ranMs
    const startWall = performance.now()
    let timer: NodeJS.Timeout
    const check = (): void => {
      const ms = limit()
      const ran = clock.ranMs - startRun
      // The run clock advances at ticks: within one tick of the deadline counts as reached.
      if (ran + clock.tickMs >= ms) {
        const wall = Math.round(performance.now() - startWall)
        expired(`${ms} ms of this node's running time (${wall} ms wall)`)
      } else timer = setTimeout(check, ms - ran)
    }
    timer = setTimeout(check, limit())
    return () => clearTimeout(timer)
  }
}

export class Dialer {
  private readonly directory = new Map<string, number>()
  /** Peer name → its address (127.0.0.1 unless the launcher gives nodes their own). */
  private readonly hosts = new Map<string, string>()
  private readonly blocked = new Set<string>()
  private readonly dialing = new Set<string>()
  /** Peers waiting for a dial slot, in order. */
  private readonly queued = new Set<string>()
  private readonly redialDelay = new Map<string, number>()
  private readonly handshakeDeadline: Deadline
  private leaving = false

  constructor(
    private readonly own: Credentials,
    /** The mesh's live links, read to avoid dialling a peer already linked. */
    private readonly links: ReadonlyMap<string, unknown>,
    clock: RunClock,
    /** Handshake deadline, in this node's running time (read at each check). */
    handshakeMs: () => number,
    private readonly adopt: (socket: Socket, result: HandshakeResult) => void,
    private readonly log: (line: string) => void,
    /** Where peers listen (their ports are in the directory). */
    private readonly peerHost: string,
  ) {
    this.handshakeDeadline = runDeadline(clock, handshakeMs)
  }

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

  /** Whether `peer` is in the directory (a peer that left the cluster is not). */
  knows(peer: string): boolean {
    return this.directory.has(peer)
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
    acceptHandshake(socket, this.own, this.handshakeDeadline).then(
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
    // Jitter: peers that lost their links at the same moment do not redial in lockstep.
    setTimeout(() => this.maybeDial(peer), delay * (0.5 + Math.random() / 2)).unref()
  }

  /** Starts queued dials while slots are free. */
  private pump(): void {
    for (const next of this.queued) {
      if (this.dialing.size >= MAX_DIALS) return
      this.queued.delete(next)
      this.maybeDial(next)
    }
  }

  private maybeDial(peer: string): void {
    if (this.leaving || !(this.own.name < peer)) return
    if (this.links.has(peer) || this.dialing.has(peer) || this.blocked.has(peer)) return
    const port = this.directory.get(peer)
    if (port === undefined) return
    if (this.dialing.size >= MAX_DIALS) {
      this.queued.add(peer)
      return
    }
    this.queued.delete(peer)
    this.dialing.add(peer)
    const socket = tcpConnect({ port, host: this.hosts.get(peer) ?? this.peerHost, noDelay: true })
    const settled = (): void => {
      this.dialing.delete(peer)
      this.pump()
    }
    const failed = (why: string): void => {
      socket.destroy()
      settled()
      this.redial(peer, why)
    }
    socket.once('error', (err) => failed(err.message))
    socket.once('connect', () => {
      socket.removeAllListeners('error')
      dialHandshake(socket, this.own, this.handshakeDeadline).then(
        (result) => {
          if (result.peer !== peer) {
            failed(`expected ${peer} on port ${port}, found ${result.peer}`)
            return
          }
          settled()
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
