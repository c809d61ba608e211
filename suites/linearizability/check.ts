/**
 * `checkLinearizability(ops)`: is there one order of the operations, consistent with their real-time
 * order, in which every key behaves as a single register? Keys are independent registers, so the
 * history is split by key (a linearizable history is linearizable per key and conversely) and each key
 * is searched on its own (see `wgl.ts`), under one shared time budget that ends in `unknown` rather
 * than hanging. Failed operations are dropped; indeterminate or unreturned ones may or may not have
 * taken effect (they return at +∞ with an unknown output); reads without an output carry no
 * information and are dropped too.
 *
 * On a violation the failing key's history is cut down to the smallest window that still cannot be
 * ordered (see `window.ts`), which is what a human needs to read.
 */
import { valueKey } from '../history/value-codec.js'
import type { LinOp } from './op.js'
import { CAS, DELETE, READ, type RegisterCall, search, WRITE } from './wgl.js'
import { smallestWindow } from './window.js'

export type LinVerdict = 'linearizable' | 'not-linearizable' | 'unknown'

export interface LinCheckOptions {
  /** Time budget of the whole check, ms. Default 10 000. Past it the verdict is `unknown`. */
  readonly timeBudgetMs?: number
  /** Also shrink the failing key's history to its smallest window. Default true. */
  readonly shrink?: boolean
}

/** A key whose operations cannot be ordered. */
export interface LinCounterexample {
  readonly key: string
  /** The smallest window found: operations that cannot be ordered whatever the key held before them
   * (or, when `fromStart`, starting from the absent key). In start order. */
  readonly window: readonly LinOp[]
  readonly fromStart: boolean
  /** Every operation of the key that the checker considered (for the timeline). */
  readonly keyOps: readonly LinOp[]
}

export interface LinCheckResult {
  readonly verdict: LinVerdict
  /** true linearizable, false not, undefined unknown. */
  readonly valid: boolean | undefined
  readonly ops: number
  readonly keys: number
  readonly elapsedMs: number
  /** The first key (in history order) found not linearizable; more in `failedKeys`. */
  readonly counterexample?: LinCounterexample
  readonly failedKeys: readonly string[]
  /** Keys whose search the budget ended. */
  readonly unknownKeys: readonly string[]
}

const KIND: Record<LinOp['kind'], number> = { read: READ, write: WRITE, cas: CAS, delete: DELETE }

/** One key's operations, interned for the search: values become ids (0 = absent). */
export class KeyRegister {
  readonly calls: RegisterCall[] = []
  readonly ops: LinOp[] = []
  private readonly ids = new Map<string, number>([[valueKey(undefined), 0]])

  constructor(ops: readonly LinOp[]) {
    for (const op of ops) {
      if (op.result === 'fail') continue
      const known = op.result === 'ok' && op.end !== undefined
      if (op.kind === 'read' && !known) continue
      let out = -1
      if (known && op.kind === 'read') out = this.id(op.output)
      if (known && op.kind === 'cas') out = op.output === true ? 1 : 0
      this.ops.push(op)
      this.calls.push({
        kind: KIND[op.kind],
        arg: op.kind === 'write' || op.kind === 'cas' ? this.id(op.value) : 0,
        expected: op.kind === 'cas' ? this.id(op.expected) : 0,
        out,
        start: op.start,
        end: known ? (op.end as number) : Number.POSITIVE_INFINITY,
      })
    }
  }

  private id(value: unknown): number {
    const key = valueKey(value)
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.ids.size
      this.ids.set(key, id)
    }
    return id
  }
}

/** Splits by key, in the order keys first appear. */
export function byKey(ops: readonly LinOp[]): Map<string, LinOp[]> {
  const keys = new Map<string, LinOp[]>()
  for (const op of ops) {
    const list = keys.get(op.key)
    if (list === undefined) keys.set(op.key, [op])
    else list.push(op)
  }
  return keys
}

export function checkLinearizability(ops: readonly LinOp[], options: LinCheckOptions = {}): LinCheckResult {
  const started = performance.now()
  const budget = { deadline: started + (options.timeBudgetMs ?? 10_000), expired: false }
  const keys = byKey(ops)
  const failedKeys: string[] = []
  const unknownKeys: string[] = []
  let counterexample: LinCounterexample | undefined
  for (const [key, keyOps] of keys) {
    const register = new KeyRegister(keyOps)
    const outcome = search(register.calls, 0, budget)
    if (outcome.verdict === 'timeout') unknownKeys.push(key)
    if (outcome.verdict !== 'illegal') continue
    failedKeys.push(key)
    if (counterexample === undefined) {
      const shrunk =
        options.shrink === false
          ? { window: register.ops, fromStart: true }
          : smallestWindow(register, budget)
      counterexample = { key, ...shrunk, keyOps: register.ops }
    }
  }
  const verdict: LinVerdict =
    failedKeys.length > 0 ? 'not-linearizable' : unknownKeys.length > 0 ? 'unknown' : 'linearizable'
  const result = {
    verdict,
    valid: verdict === 'unknown' ? undefined : verdict === 'linearizable',
    ops: ops.length,
    keys: keys.size,
    elapsedMs: performance.now() - started,
    failedKeys,
    unknownKeys,
  }
  return counterexample === undefined ? result : { ...result, counterexample }
}
