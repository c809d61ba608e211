/** Errors a node sees from `node.request` (exported from `handoff-harness/node`). */
import type { SerializedError } from './serialized-error.js'

/** The peer is not connected (never was, left, or is on the other side of a partition). */
export class PeerUnreachableError extends Error {
  override name = 'PeerUnreachableError'
  constructor(
    readonly node: string,
    readonly peer: string,
    readonly service: string,
  ) {
    super(`${node} cannot reach ${peer} for service '${service}': not connected (node.peers() lists who is)`)
  }
}

/** The link to the peer went down while the request was in flight; it may or may not have been handled. */
export class PeerDownError extends Error {
  override name = 'PeerDownError'
  constructor(
    readonly node: string,
    readonly peer: string,
    readonly service: string,
  ) {
    super(`${peer} went down while ${node} waited for a reply from service '${service}'`)
  }
}

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError'
  constructor(
    readonly node: string,
    readonly peer: string,
    readonly service: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply from service '${service}' on ${peer} to ${node} within ${timeoutMs} ms`)
  }
}

/** The peer's handler threw (or the service does not exist there); carries the remote error. */
export class RemoteServiceError extends Error {
  override name = 'RemoteServiceError'
  readonly remote: SerializedError
  constructor(
    readonly node: string,
    readonly peer: string,
    readonly service: string,
    remote: SerializedError,
  ) {
    super(`service '${service}' on ${peer} failed for ${node}: ${remote.name}: ${remote.message}`)
    this.remote = remote
  }
}
