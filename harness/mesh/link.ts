/**
 * One authenticated connection to one peer. It owns the socket after the handshake: frames out (through
 * the link's fault settings: blackhole, loss, delay), frames in, and the timestamps the heartbeat uses.
 * A link never reconnects; the mesh replaces a dead link with a new one.
 */
import type { Socket } from 'node:net'
import type { LinkFault } from '../faults/index.js'
import { encodeFrame, type FrameDecoder, FrameError, HEARTBEAT_BYTES } from './frame.js'
import { Silence } from './liveness.js'
import { isWireFrame, type WireFrame } from './wire.js'

export interface LinkEvents {
  frame(link: Link, frame: WireFrame): void
  /** The socket closed or failed; `graceful` when the peer said 'bye' first. */
  closed(link: Link, graceful: boolean, why: string): void
}

export class Link {
  lastReceived = performance.now()
  lastSent = performance.now()
  /** What the failure detector knows of this peer: any bytes received count as a sign of life. */
  readonly silence = new Silence()
  private fault: LinkFault | null = null
  /** Frames held back by a delay fault, oldest first, with the time each may go. */
  private readonly delayed: Array<{ at: number; bytes: Buffer }> = []
  private delayTimer: NodeJS.Timeout | undefined
  private saidBye = false
  private closed = false
  readonly decoder: FrameDecoder

  constructor(
    readonly peer: string,
    readonly socket: Socket,
    private readonly events: LinkEvents,
    decoder: FrameDecoder,
  ) {
    this.decoder = decoder
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => this.close(`socket error: ${err.message}`))
    socket.on('close', () => this.close('connection closed'))
  }

  get isOpen(): boolean {
    return !this.closed
  }

  setFault(fault: LinkFault | null): void {
    this.fault = fault
  }

  send(frame: WireFrame): void {
    this.sendBytes(frame.t === 'hb' ? HEARTBEAT_BYTES : encodeFrame(frame))
  }

  sendHeartbeat(): void {
    this.sendBytes(HEARTBEAT_BYTES)
  }

  private sendBytes(bytes: Buffer): void {
    if (this.closed) return
    const fault = this.fault
    let delay = 0
    if (fault !== null) {
      if (fault.blackhole === true) return
      if (fault.loss !== undefined && fault.loss > 0 && Math.random() < fault.loss) return
      delay = (fault.delayMs ?? 0) + (fault.jitterMs ?? 0) * Math.random()
    }
    if (delay <= 0 && this.delayed.length === 0) {
      this.write(bytes)
      return
    }
    // Per-peer order: one queue, so a frame never overtakes one still held back (jitter, or a delay
    // cleared while frames wait); separate timers per frame could fire out of order.
    const at = Math.max(performance.now() + delay, this.delayed.at(-1)?.at ?? 0)
    this.delayed.push({ at, bytes })
    this.armDelayTimer()
  }

  private armDelayTimer(): void {
    const head = this.delayed[0]
    if (this.delayTimer !== undefined || head === undefined || this.closed) return
    this.delayTimer = setTimeout(
      () => {
        this.delayTimer = undefined
        this.releaseDue()
      },
      Math.max(0, head.at - performance.now()),
    )
  }

  /** Writes the held-back frames due by `upTo`, in order, and re-arms for the rest. */
  private releaseDue(upTo = performance.now()): void {
    while (this.delayed.length > 0 && this.delayed[0]!.at <= upTo) this.write(this.delayed.shift()!.bytes)
    // A timer can fire a little before `at` (timers count from the loop's cached time): re-arm.
    this.armDelayTimer()
  }

  /** Says 'bye' and ends the socket once the kernel has the bytes. */
  leave(): Promise<void> {
    if (this.closed) return Promise.resolve()
    // Frames held back by a delay go first: a graceful leave must not drop what was already sent.
    clearTimeout(this.delayTimer)
    this.delayTimer = undefined
    this.releaseDue(Number.POSITIVE_INFINITY)
    this.write(encodeFrame({ t: 'bye' }))
    return new Promise((resolve) => {
      this.socket.end(() => resolve())
      this.socket.once('close', () => resolve())
    })
  }

  destroy(why: string): void {
    this.socket.destroy()
    this.close(why)
  }

  private write(bytes: Buffer): void {
    if (this.closed || this.socket.destroyed) return
    this.lastSent = performance.now()
    this.socket.write(bytes)
  }

  private onData(chunk: Buffer): void {
    this.lastReceived = performance.now()
    this.silence.hear()
    let frames: unknown[]
    try {
      frames = this.decoder.push(chunk)
    } catch (err) {
      this.destroy(err instanceof FrameError ? err.message : String(err))
      return
    }
    for (const frame of frames) {
      if (this.closed) return
      if (!isWireFrame(frame)) {
        this.destroy('received a frame that is not a mesh message')
        return
      }
      if (frame.t === 'bye') this.saidBye = true
      else this.events.frame(this, frame)
    }
  }

  private close(why: string): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.delayTimer)
    this.delayed.length = 0
    this.socket.destroy()
    this.events.closed(this, this.saidBye, why)
  }
}
