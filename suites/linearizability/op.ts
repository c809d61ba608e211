/**
 * The vocabulary of a linearizability history: operations on a key-value register, each invoked by one
 * client at `start` and returning at `end` (ms on one monotonic clock). `result` is `'ok'` (it happened
 * and `output` is what it returned), `'fail'` (it certainly did not happen: dropped by the checker) or
 * `'info'` (indeterminate: a timeout, or the client's node died). An indeterminate operation, or one
 * that never returned (`end` unset), may or may not have taken effect at any time after `start`: the
 * checker treats it as returning at +∞ with an unknown output, as Knossos and Porcupine do.
 *
 * Values are compared by their canonical form (`valueKey`): structured-clone data, `undefined` = absent.
 */

/** `read` returns the value (`undefined` = absent); `write` stores `value`; `delete` removes the key;
 * `cas` stores `value` when the key holds `expected` and returns whether it did. */
export type LinOpKind = 'read' | 'write' | 'cas' | 'delete'

export type LinOpResult = 'ok' | 'fail' | 'info'

export interface LinOp {
  /** Unique within the history. */
  readonly id: number
  /** Who issued it (a node, a client); one client issues one operation at a time. */
  readonly client: string
  readonly key: string
  readonly kind: LinOpKind
  /** write/cas: the value stored. */
  readonly value?: unknown
  /** cas: the value the key must hold. */
  readonly expected?: unknown
  /** An ok read: what it returned (`undefined` = absent); an ok cas: whether it swapped. */
  readonly output?: unknown
  readonly start: number
  /** Unset when the operation never returned. */
  readonly end?: number
  readonly result?: LinOpResult
  /** Why it failed or is indeterminate. */
  readonly error?: string
}

/** What `LinHistory.invoke` needs. */
export type LinInvocation =
  | { readonly client: string; readonly key: string; readonly kind: 'read' | 'delete' }
  | { readonly client: string; readonly key: string; readonly kind: 'write'; readonly value: unknown }
  | {
      readonly client: string
      readonly key: string
      readonly kind: 'cas'
      readonly expected: unknown
      readonly value: unknown
    }

/** A fault or other event in the history (nemesis start/end, a heal), on the same clock. */
export interface LinEvent {
  readonly name: string
  readonly time: number
  readonly detail?: string
}

/** Short text for an operation: `write 3`, `read → 3`, `cas 3→4 ✓`, `delete`, with `?` when unknown. */
export function describeLinOp(op: LinOp, show: (v: unknown) => string): string {
  const known = op.result === 'ok' && op.end !== undefined
  switch (op.kind) {
    case 'read':
      return known ? `read → ${op.output === undefined ? '(absent)' : show(op.output)}` : 'read ?'
    case 'write':
      return `write ${show(op.value)}${known ? '' : ' ?'}`
    case 'delete':
      return `delete${known ? '' : ' ?'}`
    case 'cas':
      return `cas ${show(op.expected)}→${show(op.value)} ${known ? (op.output === true ? '✓' : '✗') : '?'}`
  }
}
