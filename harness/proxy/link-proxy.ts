/**
 * A TCP link proxy: the harness puts it between a node and any address (a Redis server, a database, a
 * peer's own socket) so that the mesh's fault verbs apply to links the mesh does not own. It listens on
 * 127.0.0.1 (a free port unless given one), opens one connection to the target per client connection,
 * and forwards bytes both ways through a `FaultPipe` per direction: `up` is client → target, `down` is
 * target → client.
 *
 * Verbs, all reversible and written to the proxy's log (`events()`, and the `log` callback):
 * - `cut()` / `heal()`: the partition of this link. Mode `'reset'` (default) closes every open
 *   connection with a TCP reset and resets new ones at once, like a REJECT rule: clients fail fast and
 *   reconnect in a loop. Mode `'silent'` holds every byte both ways on open and new connections, like a
 *   dropped route: clients hang until their own timeouts. `heal()` lifts either.
 * - `blackhole(direction)`: hold the bytes of one direction. TCP is a byte stream, so "dropping" bytes
 *   in its middle would corrupt it instead of modelling a lossy network; what TCP does when its packets
 *   vanish is retransmit, so held bytes are delivered, in order, when the blackhole is lifted (if the
 *   connection is still open).
 * - `setLinkDelay(direction, { ms, jitterMs })`: delay each chunk (order kept).
 * - `setLinkLoss(direction, p)`: each chunk resets its connection with probability p — loss that TCP
 *   cannot hide. (Loss TCP does hide shows up as delay: model it with `setLinkDelay`.)
 * - `clearLinkFaults()`: lifts blackholes, delays and loss (not a cut; `heal()` does that).
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { resolveDelay } from '../faults/index.js'
import { FaultPipe } from './fault-pipe.js'
import {
  checkDelay,
  checkProbability,
  type DirectionFaults,
  type DirectionSpec,
  describeFaults,
  directionsOf,
  type LinkDelay,
  noFaults,
  type ProxyDirection,
} from './link-faults.js'

export interface LinkProxyOptions {
  /** Where connections go. */
  readonly target: { readonly host: string; readonly port: number }
  /** Port to listen on (127.0.0.1). Default: a free one. */
  readonly port?: number
  /** Names the proxy in its log lines. Default `proxy:<port>`. */
  readonly name?: string
  /** Also receives every log line (e.g. to write it to a test's output). */
  readonly log?: (line: string) => void
  /** Random source for jitter and loss, in [0, 1). Default Math.random. */
  readonly random?: () => number
}

export type CutMode = 'reset' | 'silent'

export interface ProxyEvent {
  /** `Date.now()` when it happened. */
  readonly time: number
  readonly text: string
}

interface Connection {
  readonly client: Socket
  readonly upstream: Socket
  readonly pipes: readonly FaultPipe[]
}

export class LinkProxy implements AsyncDisposable {
  readonly host = '127.0.0.1'
  readonly name: string
  private readonly faults: Record<ProxyDirection, DirectionFaults> = { up: noFaults(), down: noFaults() }
  private readonly connections = new Set<Connection>()
  private readonly log: ProxyEvent[] = []
  private cutMode: CutMode | undefined
  private closing: Promise<void> | undefined
  private accepted = 0

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: LinkProxyOptions,
  ) {
    this.name = options.name ?? `proxy:${port}`
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(options: LinkProxyOptions): Promise<LinkProxy> {
    // Half-open: each direction ends on its own, once its delayed bytes are delivered.
    const server = createServer({ noDelay: true, allowHalfOpen: true })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('link proxy: no TCP address')
    const proxy = new LinkProxy(server, address.port, options)
    server.on('connection', (socket) => proxy.accept(socket))
    proxy.note(`listening on ${proxy.address}, forwarding to ${options.target.host}:${options.target.port}`)
    return proxy
  }

  /** `127.0.0.1:<port>`: what a client should connect to instead of the target. */
  get address(): string {
    return `${this.host}:${this.port}`
  }

  /** Connections open right now. */
  get openConnections(): number {
    return this.connections.size
  }

  /** Connections accepted since start (including ones reset by a cut). */
  get acceptedConnections(): number {
    return this.accepted
  }

  /** True while cut. */
  get isCut(): boolean {
    return this.cutMode !== undefined
  }

  /** Everything done to this proxy, in order. */
  events(): ProxyEvent[] {
    return [...this.log]
  }

  // --- verbs ---

  /** Partitions the link: see the module doc for the two modes. */
  cut(options: { mode?: CutMode } = {}): void {
    const mode = options.mode ?? 'reset'
    this.cutMode = mode
    if (mode === 'reset') {
      const open = this.connections.size
      for (const conn of [...this.connections]) this.reset(conn)
      this.note(`cut (reset): closed ${open} open connection(s); new ones are reset`)
    } else {
      this.note(`cut (silent): holding every byte both ways on ${this.connections.size} connection(s)`)
    }
  }

  /** Undoes `cut`; held bytes flow again. */
  heal(): void {
    if (this.cutMode === undefined) return
    this.cutMode = undefined
    this.note('healed: connections accepted and forwarded again')
    this.pumpAll()
  }

  blackhole(direction: DirectionSpec): void {
    this.update(direction, (f) => {
      f.blackhole = true
    })
  }

  setLinkDelay(direction: DirectionSpec, delay: LinkDelay): void {
    checkDelay(delay)
    this.update(direction, (f) => {
      f.delay = resolveDelay(delay)
    })
  }

  setLinkLoss(direction: DirectionSpec, probability: number): void {
    checkProbability(probability)
    this.update(direction, (f) => {
      f.loss = probability
    })
  }

  /** Lifts blackholes, delays and loss in both directions (a cut stays until `heal`). */
  clearLinkFaults(): void {
    this.faults.up = noFaults()
    this.faults.down = noFaults()
    this.note('faults cleared')
    this.pumpAll()
  }

  /** Closes the listener and every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const conn of [...this.connections]) this.drop(conn, 'destroy')
      this.server.close(() => resolve())
      this.note('closed')
    })
    return this.closing
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  // --- internals ---

  private accept(client: Socket): void {
    this.accepted++
    if (this.cutMode === 'reset' || this.closing !== undefined) {
      client.on('error', () => {})
      client.resetAndDestroy()
      return
    }
    const { host, port } = this.options.target
    const upstream = connect({ host, port, noDelay: true, allowHalfOpen: true })
    const random = this.options.random ?? Math.random
    const holdAll = () => this.cutMode === 'silent'
    const faultsOf = (dir: ProxyDirection) => () =>
      holdAll() ? { ...this.faults[dir], blackhole: true } : this.faults[dir]
    let conn: Connection
    const lose = (dir: ProxyDirection) => () => {
      this.note(`loss on ${dir}: connection from client port ${client.remotePort ?? '?'} reset`)
      this.reset(conn)
    }
    conn = {
      client,
      upstream,
      pipes: [
        new FaultPipe(client, upstream, faultsOf('up'), lose('up'), random),
        new FaultPipe(upstream, client, faultsOf('down'), lose('down'), random),
      ],
    }
    this.connections.add(conn)
    const gone = (): void => this.drop(conn, 'destroy')
    client.on('error', gone)
    upstream.on('error', (err) => {
      this.note(`connection to target ${host}:${port} failed: ${err.message}`)
      gone()
    })
    // A clean close of one side ends the other through its pipe; the connection is gone when both are.
    const closed = (hadError: boolean): void => {
      if (hadError || (client.destroyed && upstream.destroyed)) gone()
    }
    client.on('close', closed)
    upstream.on('close', closed)
  }

  private reset(conn: Connection): void {
    this.drop(conn, 'reset')
  }

  private drop(conn: Connection, how: 'reset' | 'destroy'): void {
    if (!this.connections.delete(conn)) return
    for (const pipe of conn.pipes) pipe.close()
    for (const socket of [conn.client, conn.upstream]) {
      socket.on('error', () => {})
      if (socket.destroyed) continue
      if (how === 'reset' && socket.readyState === 'open') socket.resetAndDestroy()
      else socket.destroy()
    }
  }

  private update(direction: DirectionSpec, change: (faults: DirectionFaults) => void): void {
    for (const dir of directionsOf(direction)) {
      change(this.faults[dir])
      this.note(
        `${dir} (${dir === 'up' ? 'client → target' : 'target → client'}): ${describeFaults(this.faults[dir])}`,
      )
    }
    this.pumpAll()
  }

  private pumpAll(): void {
    for (const conn of this.connections) for (const pipe of conn.pipes) pipe.pump()
  }

  private note(text: string): void {
    const line = `link-proxy ${this.name}: ${text}`
    this.log.push({ time: Date.now(), text })
    this.options.log?.(line)
  }
}
