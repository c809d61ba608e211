/**
 * One authenticated connection to one peer. It owns the socket after the handshake: frames out (through
 * the link's fault settings: blackhole and loss drop a frame before it is queued; a delay holds it in the
 * shared OrderedDelayQueue, the same queue as the link proxy's, so a delay change applies to frames still
 * waiting), frames in, and the timestamps the heartbeat uses. A link never reconnects; the mesh replaces
 * a dead link with a new one.
 */
import type { Socket } from 'node:net'
import { dropsFrame, faultDelay, type LinkFault, OrderedDelayQueue } from '../faults/index.js'
import { encodeFrame, type FrameDecoder, FrameError, HEARTBEAT_BYTES } from './frame.js'
import { Silence } from './liveness.js'
import { isWireFrame, type WireFrame } from './wire.js'

export interface LinkEvents {
  frame(link: Link, frame: WireFrame): void
  /** The socket closed or failed; `graceful` when the peer said 'bye' first. */
  closed(link: Link, graceful: boolean, why: string): void
}

export class Link {
  /** What the failure detector knows of this peer: any bytes received count as a sign of life. */
  readonly silence = new Silence()
  /** A frame went out since the detector's last tick. The detector turns this into `sentAt` (and the
   * silence into `heardAt`) once per tick: reading the clock per frame costs ~10 µs on a node woken from
   * idle, on the path of every message. */
  sentSinceTick = false
  /** Wall time (performance.now) of the last frame out / in, as of the detector's last tick. */
  sentAt = performance.now()
  heardAt = performance.now()
  private fault: LinkFault | null = null
  /** Frames held back by a delay fault, in order (jitter never reorders a link). */
  private readonly outbox = new OrderedDelayQueue<Buffer>({
    delay: () => faultDelay(this.fault),
    deliver: (bytes) => this.write(bytes),
  })
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
    this.outbox.pump()
  }

  send(frame: WireFrame): void {
    this.sendBytes(frame.t === 'hb' ? HEARTBEAT_BYTES : encodeFrame(frame))
  }

  sendHeartbeat(): void {
    this.sendBytes(HEARTBEAT_BYTES)
  }

  private sendBytes(bytes: Buffer): void {
    if (this.closed || dropsFrame(this.fault, Math.random)) return
    // No fault and nothing waiting: straight out, off the queue (the common case).
    if (this.fault === null && this.outbox.size === 0) this.write(bytes)
    else this.outbox.push(bytes)
  }

  /** Says 'bye' and ends the socket once the kernel has the bytes. */
  leave(): Promise<void> {
    if (this.closed) return Promise.resolve()
    // Frames held back by a delay go first: a graceful leave must not drop what was already sent.
    this.outbox.flush()
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
    this.sentSinceTick = true
    this.socket.write(bytes)
  }

  private onData(chunk: Buffer): void {
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
    this.outbox.close()
    this.socket.destroy()
    this.events.closed(this, this.saidBye, why)
  }
}
