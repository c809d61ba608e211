/**
 * One simulated player: joins its game through any node's front door, acts every `intervalMs`, one
 * action at a time, and retries the same action (same number, so the session applies it at most once)
 * until it is acknowledged. When its node goes away (close, error, or no answer within
 * `attemptTimeoutMs`) it reconnects to another endpoint, as a client behind a load balancer would.
 */
import type { FrontDoorMessage, PlayerMessage } from 'handoff-harness/fixtures/game'
import type WebSocket from 'ws'
import type { ActionAttempt, ActionRecord } from './records.js'
import { wallClock } from './records.js'

export type WebSocketClass = typeof WebSocket

export interface PlayerOptions {
  readonly player: string
  readonly game: string
  /** WebSocket URLs of the front doors that may take players now (read before each connect). */
  readonly endpoints: () => readonly string[]
  readonly intervalMs: number
  readonly attemptTimeoutMs: number
}

type Reply = FrontDoorMessage | { t: 'closed'; error: string }

/** One WebSocket connection: sends a message and waits for the next reply (one in flight at a time). */
class Connection {
  private waiting: ((r: Reply) => void) | undefined
  private closed: string | undefined

  /** The front door's node, once joined (the URL until then). */
  node: string

  private constructor(
    url: string,
    private readonly ws: WebSocket,
  ) {
    this.node = url
    ws.on('message', (data) => this.settle(JSON.parse(String(data)) as FrontDoorMessage))
    ws.on('close', (code) => this.fail(`closed (${code})`))
    ws.on('error', (err) => this.fail(err.message))
  }

  static async open(
    Ws: WebSocketClass,
    url: string,
    join: PlayerMessage,
    timeoutMs: number,
  ): Promise<Connection> {
    const ws = new Ws(url)
    ws.on('error', () => {})
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate()
        reject(new Error(`connect to ${url} timed out`))
      }, timeoutMs)
      ws.once('open', () => {
        clearTimeout(timer)
        resolve()
      })
      ws.once('close', () => {
        clearTimeout(timer)
        reject(new Error(`connect to ${url} refused`))
      })
    })
    const conn = new Connection(url, ws)
    const joined = await conn.request(join, timeoutMs)
    if (joined.t !== 'joined') {
      conn.close()
      throw new Error(`join through ${url}: ${joined.t === 'closed' ? joined.error : JSON.stringify(joined)}`)
    }
    conn.node = joined.node
    return conn
  }

  request(msg: PlayerMessage, timeoutMs: number): Promise<Reply> {
    if (this.closed !== undefined) return Promise.resolve({ t: 'closed', error: this.closed })
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fail(`no answer within ${timeoutMs} ms`), timeoutMs)
      this.waiting = (r) => {
        clearTimeout(timer)
        resolve(r)
      }
      this.ws.send(JSON.stringify(msg))
    })
  }

  get open(): boolean {
    return this.closed === undefined
  }

  close(): void {
    this.fail('closed by the player')
  }

  private settle(r: Reply): void {
    const w = this.waiting
    this.waiting = undefined
    w?.(r)
  }

  private fail(error: string): void {
    if (this.closed === undefined) {
      this.closed = error
      this.ws.terminate()
    }
    this.settle({ t: 'closed', error })
  }
}

export class SimulatedPlayer {
  readonly actions: ActionRecord[] = []
  acknowledged = 0
  private conn: Connection | undefined
  private stopped = false
  private wake: (() => void) | undefined

  constructor(
    private readonly Ws: WebSocketClass,
    private readonly opts: PlayerOptions,
  ) {}

  async run(): Promise<void> {
    let next = wallClock() + Math.random() * this.opts.intervalMs
    for (let seq = 1; !this.stopped; seq++) {
      await this.sleep(next - wallClock())
      if (this.stopped) break
      await this.act(seq)
      next = Math.max(wallClock(), next + this.opts.intervalMs)
    }
    this.conn?.close()
  }

  stop(): void {
    this.stopped = true
    this.wake?.()
  }

  private async act(seq: number): Promise<void> {
    const { player, game } = this.opts
    const firstSentAt = wallClock()
    const attempts: ActionAttempt[] = []
    const record = (
      ackedAt: number | undefined,
      fresh: boolean | undefined,
      session: string | undefined,
    ): void => {
      this.actions.push({ player, game, seq, firstSentAt, ackedAt, fresh, session, attempts })
    }
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const sentAt = wallClock()
      const conn = await this.connect().catch((err: Error) => err)
      if (conn instanceof Error) {
        attempts.push({ node: undefined, sentAt, endedAt: wallClock(), result: 'fail', error: conn.message })
      } else {
        const reply = await conn.request({ t: 'act', seq }, this.opts.attemptTimeoutMs)
        const endedAt = wallClock()
        if (reply.t === 'ack' && reply.seq === seq) {
          attempts.push({ node: conn.node, sentAt, endedAt, result: 'ok' })
          this.acknowledged++
          return record(endedAt, reply.fresh, reply.session)
        }
        const error =
          reply.t === 'closed' || reply.t === 'error' || reply.t === 'nack' ? reply.error : reply.t
        attempts.push({
          node: conn.node,
          sentAt,
          endedAt,
          result: reply.t === 'nack' ? 'fail' : 'info',
          error,
        })
        if (reply.t !== 'nack') conn.close()
      }
      if (this.stopped) return record(undefined, undefined, undefined)
      await this.sleep(pause)
    }
  }

  /** The open connection, or a new one to a random endpoint. */
  private async connect(): Promise<Connection> {
    if (this.conn?.open) return this.conn
    const urls = this.opts.endpoints()
    if (urls.length === 0) throw new Error('no endpoint to connect to')
    const url = urls[Math.floor(Math.random() * urls.length)]!
    this.conn = await Connection.open(
      this.Ws,
      url,
      { t: 'join', game: this.opts.game, player: this.opts.player },
      this.opts.attemptTimeoutMs,
    )
    return this.conn
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }
}
