/**
 * The vocabulary of a recorded history (Jepsen/Maelstrom style). An operation is invoked by one node
 * at `start` and completes at `end` (milliseconds on one monotonic clock, `performance.now()` by
 * default) with a result: `'ok'` (it happened), `'fail'` (it certainly did not happen) or `'info'`
 * (indeterminate: a timeout, or the node died mid-operation; it may have happened, at any time after
 * `start`). An operation that never completes is treated as `'info'`.
 *
 * Values: a write carries the value written; a read carries the value returned, where `undefined`
 * means the key was absent. A delete carries no value; for the checker it "writes absence".
 */

/** What an operation did to the store: `stash` is a write, `pickup` a read, `remove` a delete. */
export type OpKind = 'write' | 'read' | 'delete'

/** `'ok'` happened, `'fail'` certainly did not happen, `'info'` unknown (timeout, node died). */
export type OpResult = 'ok' | 'fail' | 'info'

/** One recorded operation. `end` and `result` are unset while it is pending. */
export interface Op {
  /** Unique within its history, in invocation order. */
  readonly id: number
  readonly node: string
  readonly kind: OpKind
  readonly key: string
  /** write: the value written; read: the value returned (`undefined` = absent); delete: unused. */
  readonly value?: unknown
  /** Invocation time, ms. */
  readonly start: number
  /** Completion time, ms; unset while pending. */
  readonly end?: number
  readonly result?: OpResult
  /** Why a `'fail'` or `'info'` op did not succeed (an error message). */
  readonly error?: string
}

/** What `History.invoke` needs to start an operation. */
export interface OpInvocation {
  readonly node: string
  readonly kind: OpKind
  readonly key: string
  /** The value written (writes only). */
  readonly value?: unknown
}

/** How an operation ended. For a read, `value` is what it returned (`undefined` = key absent). */
export interface OpCompletion {
  readonly result: OpResult
  readonly value?: unknown
  readonly error?: string
}

/** A complete operation recorded after the fact (e.g. timed somewhere else). */
export interface RecordedOp extends OpInvocation, OpCompletion {
  readonly start: number
  readonly end: number
}

/** A labelled instant in a history: a fault injected, a heal, `'quiesced'` before the final reads. */
export interface Mark {
  readonly name: string
  readonly time: number
  readonly detail?: string
}

/**
 * The mark a workload sets once the system has settled (faults healed, replication given time) and
 * before its final reads: the checker's default `finalAfter`.
 */
export const QUIESCED = 'quiesced'

/** True when the operation changes the stored value (write or delete). */
export function isMutation(op: Op): boolean {
  return op.kind === 'write' || op.kind === 'delete'
}

/** The result the checker uses: a pending op is indeterminate. */
export function outcome(op: Op): OpResult {
  return op.result ?? 'info'
}
