/**
 * One direction of one proxied connection: chunks read from `source` are written to `sink` in order,
 * each after the direction's current delay (plus jitter, never overtaking an earlier chunk). While the
 * direction is blackholed, chunks are held; they flow again, in order, when it is lifted. A chunk may
 * instead reset the whole connection with the loss probability (TCP cannot lose bytes in the middle of
 * a stream without corrupting it; see link-proxy.ts). Faults are read live from `faults()`, so a change
 * applies to chunks still waiting. The source is paused while the sink is full.
 */
import type { Socket } from 'node:net'
import type { DirectionFaults } from './link-faults.js'

interface Pending {
  readonly chunk: Buffer
  /** Arrival time; the chunk is due at `arrived + delay` under the faults in force when it is pumped. */
  readonly arrived: number
  /** Its own jitter draw, so a delay change keeps the chunk's relative spread. */
  readonly jitter: number
}

export class FaultPipe {
  private readonly queue: Pending[] = []
  private timer: NodeJS.Timeout | undefined
  private sourceEnded = false
  private lastDue = 0
  private closed = false

  constructor(
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly faults: () => DirectionFaults,
    private readonly onLoss: () => void,
    private readonly random: () => number,
  ) {
    source.on('data', (chunk: Buffer) => this.receive(chunk))
    source.on('end', () => {
      this.sourceEnded = true
      this.pump()
    })
    sink.on('drain', () => source.resume())
  }

  /** Bytes waiting (delayed or held). */
  get pendingBytes(): number {
    return this.queue.reduce((sum, p) => sum + p.chunk.length, 0)
  }

  /** Re-reads the faults: lifts a blackhole, applies a new delay to waiting chunks. */
  pump(): void {
    if (this.closed) return
    clearTimeout(this.timer)
    this.timer = undefined
    const faults = this.faults()
    if (faults.blackhole) return
    const now = performance.now()
    while (this.queue.length > 0) {
      const next = this.queue[0]!
      const due = Math.max(next.arrived + faults.delay.ms + next.jitter * faults.delay.jitterMs, this.lastDue)
      if (due > now) {
        this.timer = setTimeout(() => this.pump(), Math.ceil(due - now))
        return
      }
      this.queue.shift()
      this.lastDue = due
      if (this.sink.writable && !this.sink.write(next.chunk)) this.source.pause()
    }
    if (this.sourceEnded && this.sink.writable) this.sink.end()
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    this.queue.length = 0
  }

  private receive(chunk: Buffer): void {
    const faults = this.faults()
    if (faults.loss > 0 && this.random() < faults.loss) {
      this.onLoss()
      return
    }
    this.queue.push({ chunk, arrived: performance.now(), jitter: this.random() })
    // A pending timer already covers this chunk: it is due no earlier than the ones ahead of it.
    if (this.timer === undefined) this.pump()
  }
}
