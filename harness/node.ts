/**
 * `handoff-harness/node`: the API for code that runs inside a cluster node.
 *
 * ```ts
 * import { node } from 'handoff-harness/node'
 * node.onNodeUp((peer) => node.send(peer, 'hello', { from: node.name }))
 * ```
 */

export {
  PeerDownError,
  PeerUnreachableError,
  RemoteServiceError,
  RequestTimeoutError,
} from './mesh/errors.js'
export type {
  BootContext,
  BootModule,
  DownReason,
  NodeApi,
  RequestOptions,
  ServiceHandler,
} from './node-api.js'
export { NotInNodeError, node } from './runtime/node-runtime.js'
