/**
 * The mesh handshake. The dialer sends `hello` with the cluster name and secret; the acceptor checks both
 * (in constant time) and answers `welcome`. Anything else — wrong secret, garbage, silence past the
 * deadline — ends that connection only; the node keeps running and logs why. Until the handshake frame
 * is in, a frame may be at most HANDSHAKE_MAX_FRAME_BYTES: an unauthenticated peer cannot make the node
 * buffer more than that.
 */
import type { Socket } from 'node:net'
import { encodeFrame, FrameDecoder, HANDSHAKE_MAX_FRAME_BYTES } from './frame.js'
import { isWireFrame, MESH_PROTOCOL_VERSION, type WireFrame } from './wire.js'

export interface HandshakeResult {
  peer: string
  decoder: FrameDecoder
  /** Frames that arrived in the same chunk as the handshake frame. */
  leftovers: WireFrame[]
}

export interface Credentials {
  cluster: string
  name: string
  secret: string
}

export class HandshakeError extends Error {
  override name = 'HandshakeError'
}

/** Arms the handshake deadline: calls `expired` with a description once it passes; returns a disarm. */
export type Deadline = (expired: (what: string) => void) => () => void

/** Compares in time independent of where the strings differ, like crypto.timingSafeEqual; written out
 * because loading node:crypto in every node cost ~3 % of a bare node's start (secrets are ASCII). */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

function firstFrame(
  socket: Socket,
  deadline: Deadline,
): Promise<{ frame: WireFrame; rest: HandshakeResult }> {
  return new Promise((resolve, reject) => {
    const decoder = new FrameDecoder(HANDSHAKE_MAX_FRAME_BYTES)
    const disarm = deadline((what) => fail(new HandshakeError(`no handshake within ${what}`)))
    const cleanup = (): void => {
      disarm()
      socket.off('data', onData)
      socket.off('error', fail)
      socket.off('close', onClose)
    }
    function fail(err: Error): void {
      cleanup()
      reject(err)
    }
    const onClose = (): void => fail(new HandshakeError('connection closed during the handshake'))
    const onData = (chunk: Buffer): void => {
      let frames: unknown[]
      try {
        frames = decoder.push(chunk)
      } catch (err) {
        fail(new HandshakeError(`garbage instead of a handshake: ${(err as Error).message}`))
        return
      }
      if (frames.length === 0) return
      cleanup()
      const [first, ...others] = frames
      if (!isWireFrame(first) || !others.every(isWireFrame)) {
        reject(new HandshakeError('garbage instead of a handshake'))
        return
      }
      resolve({ frame: first, rest: { peer: '', decoder, leftovers: others } })
    }
    socket.on('data', onData)
    socket.on('error', fail)
    socket.on('close', onClose)
  })
}

export async function acceptHandshake(
  socket: Socket,
  own: Credentials,
  deadline: Deadline,
): Promise<HandshakeResult> {
  const { frame, rest } = await firstFrame(socket, deadline)
  if (frame.t !== 'hello') throw new HandshakeError(`expected hello, got '${frame.t}'`)
  if (frame.v !== MESH_PROTOCOL_VERSION)
    throw new HandshakeError(`protocol version ${frame.v} from ${frame.name}`)
  if (frame.cluster !== own.cluster || !sameSecret(frame.secret, own.secret)) {
    throw new HandshakeError(`'${frame.name}' presented a wrong cluster secret`)
  }
  socket.write(encodeFrame({ t: 'welcome', name: own.name }))
  return { ...rest, peer: frame.name }
}

export async function dialHandshake(
  socket: Socket,
  own: Credentials,
  deadline: Deadline,
): Promise<HandshakeResult> {
  const answer = firstFrame(socket, deadline)
  socket.write(
    encodeFrame({
      t: 'hello',
      v: MESH_PROTOCOL_VERSION,
      cluster: own.cluster,
      name: own.name,
      secret: own.secret,
    }),
  )
  const { frame, rest } = await answer
  if (frame.t !== 'welcome') throw new HandshakeError(`expected welcome, got '${frame.t}'`)
  return { ...rest, peer: frame.name }
}
