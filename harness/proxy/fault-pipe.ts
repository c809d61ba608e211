/**
 * One direction of one proxied connection: chunks read from `source` are written to `sink` in order,
 * each after the direction's current delay (plus jitter, never overtaking an earlier chunk). While the
 * direction is blackholed, chunks are held; they flow again, in order, when it is lifted. A chunk may
 * instead reset the whole connection with the loss probability (TCP cannot lose bytes in the middle of
 * a stream without corrupting it; see link-proxy.ts). Faults are read live from `faults()`, so a change
 * applies to chunks still waiting. The source is paused while the sink is full.
 */
import type { Socket } from 'node:net'
import { OrderedDelayQueue } from '../faults/index.js'
import type { DirectionFaults } from './link-faults.js'

export class FaultPipe {
  private readonly queue: OrderedDelayQueue<Buffer>
  private sourceEnded = false

  constructor(
    source: Socket,
    sink: Socket,
    private readonly faults: () => DirectionFaults,
    private readonly onLoss: () => void,
    private readonly random: () => number,
  ) {
    this.queue = new OrderedDelayQueue<Buffer>({
      delay: () => faults().delay,
      held: () => faults().blackhole,
      random,
      deliver: (chunk) => {
        if (sink.writable && !sink.write(chunk)) source.pause()
      },
      onIdle: () => {
        if (this.sourceEnded && sink.writable) sink.end()
      },
    })
    source.on('data', (chunk: Buffer) => this.receive(chunk))
    source.on('end', () => {
      this.sourceEnded = true
      this.pump()
    })
    sink.on('drain', () => source.resume())
  }

  /** Bytes waiting (delayed or held). */
  get pendingBytes(): number {
    return this.queue.items.reduce((sum, chunk) => sum + chunk.length, 0)
  }

  /** Re-reads the faults: lifts a blackhole, applies a new delay to waiting chunks. */
  pump(): void {
    this.queue.pump()
  }

  close(): void {
    this.queue.close()
  }

  private receive(chunk: Buffer): void {
    const faults = this.faults()
    if (faults.loss > 0 && this.random() < faults.loss) {
      this.onLoss()
      return
    }
    this.queue.push(chunk)
  }
}
