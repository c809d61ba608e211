/**
 * Why a call (or a cast) failed, decided in one place on the manager's side: every way one can fail is
 * a `CallFailure`, and `callError` turns it into the typed error a user sees, naming the node and the
 * function. The node decides the kinds it reports in its `result` (runtime/call-dispatch.ts: the
 * function threw, its module or export could not be resolved, its result could not be cloned); the
 * manager decides the rest (not running, down, argument not cloneable, timeout). The function's label
 * (`describeFn`) is computed here only, when an error needs it, so it stays off the call path.
 */
import type { CallFailureKind } from '../control-channel.js'
import {
  CallTimeoutError,
  type HarnessError,
  ModuleImportError,
  NodeDownError,
  NodeNotRunningError,
  NotCloneableError,
  RemoteCallError,
  UnknownExportError,
} from '../errors.js'
import type { SerializedError } from '../mesh/serialized-error.js'
import type { NodeStatus } from '../types.js'
import { describeFn, type RemoteFnRef } from './describe-fn.js'

/** Why a call failed. */
export type CallFailure =
  /** Reported by the node. */
  | {
      readonly kind: CallFailureKind
      readonly error: SerializedError
      readonly exports?: string[] | undefined
    }
  /** The node has no live process (stopped, killed or crashed earlier). */
  | { readonly kind: 'not-running'; readonly status: NodeStatus }
  /** The process exited before or during the call. */
  | {
      readonly kind: 'node-down'
      readonly code: number | null
      readonly signal: string | null
      readonly logTail: string
    }
  /** An argument could not be structured-cloned; nothing was sent. */
  | { readonly kind: 'argument-not-cloneable'; readonly detail: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }

/** The typed error for `failure` of a call to `ref` on `node` (`ref` undefined: no call, e.g. stopNode). */
export function callError(node: string, ref: RemoteFnRef | undefined, failure: CallFailure): HarnessError {
  const fn = ref === undefined ? undefined : describeFn(ref)
  const called = fn ?? 'the function'
  switch (failure.kind) {
    case 'not-running':
      return new NodeNotRunningError(node, fn, failure.status)
    case 'node-down':
      return new NodeDownError(node, fn, failure.code, failure.signal, failure.logTail)
    case 'argument-not-cloneable':
      return new NotCloneableError(node, called, 'argument', failure.detail)
    case 'timeout':
      return new CallTimeoutError(node, called, failure.timeoutMs)
    case 'unknown-module':
      return new ModuleImportError(node, called, ref?.module ?? '', failure.error)
    case 'unknown-export':
      return new UnknownExportError(node, called, failure.error.message, failure.exports)
    case 'result-not-cloneable':
      return new NotCloneableError(node, called, 'result', failure.error.message)
    case 'threw':
      return new RemoteCallError(node, called, failure.error)
  }
}
