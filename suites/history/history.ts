/**
 * A history recorder: the test process notes every operation it sends to the system under test when
 * it invokes it and when it completes, on one monotonic clock (`performance.now()`, ms, unless a clock
 * is injected), plus named marks for events such as faults and the `'quiesced'` point before final
 * reads. Recording is pure bookkeeping; the checker reads the result afterwards. A history serialises
 * to JSON (values tagged by `value-codec`) so a failing run can be kept as a file and re-checked.
 */
import type { Mark, Op, OpCompletion, OpInvocation, OpResult, RecordedOp } from './op.js'
import { decodeValue, encodeValue } from './value-codec.js'

/** The `format` field of a serialised history. */
export const HISTORY_FORMAT = 'handoff-harness/history@1'

/** A history as JSON data (what `History.toJSON` returns and `History.fromJSON` accepts). */
export interface HistoryJson {
  readonly format: typeof HISTORY_FORMAT
  readonly ops: readonly Op[]
  readonly marks: readonly Mark[]
}

export interface HistoryOptions {
  /** The clock, ms. Default `performance.now()`. */
  readonly now?: () => number
}

/** How `History.run` classifies a thrown error. Default: `'info'` (it may still have happened). */
export type ErrorClassifier = (error: unknown) => Exclude<OpResult, 'ok'>

type MutableOp = { -readonly [K in keyof Op]: Op[K] }

export class History {
  readonly #now: () => number
  readonly #ops: MutableOp[] = []
  readonly #marks: Mark[] = []

  constructor(options: HistoryOptions = {}) {
    this.#now = options.now ?? (() => performance.now())
  }

  /** The current time on this history's clock. */
  now(): number {
    return this.#now()
  }

  /** Starts an operation now; complete it with `complete`. Returns a snapshot of the pending op. */
  invoke(invocation: OpInvocation): Op {
    const op: MutableOp = {
      id: this.#ops.length,
      node: invocation.node,
      kind: invocation.kind,
      key: invocation.key,
      start: this.#now(),
    }
    if (invocation.kind === 'write') op.value = invocation.value
    this.#ops.push(op)
    return { ...op }
  }

  /** Completes a pending operation now. For an ok read, `value` is what it returned. */
  complete(op: Op | number, completion: OpCompletion): Op {
    const id = typeof op === 'number' ? op : op.id
    const target = this.#ops[id]
    if (target === undefined) throw new RangeError(`no operation #${id} in this history`)
    if (target.result !== undefined) throw new Error(`operation #${id} already completed (${target.result})`)
    target.end = this.#now()
    target.result = completion.result
    if (target.kind === 'read' && completion.result === 'ok') target.value = completion.value
    if (completion.error !== undefined) target.error = completion.error
    return { ...target }
  }

  /**
   * Invokes, runs `fn`, and completes: `'ok'` with `fn`'s result as the read value, or the classifier's
   * verdict (default `'info'`) with the error message when it throws. Rethrows the error.
   */
  async run<T>(invocation: OpInvocation, fn: () => Promise<T>, classify?: ErrorClassifier): Promise<T> {
    const op = this.invoke(invocation)
    let value: T
    try {
      value = await fn()
    } catch (error) {
      const result = classify ? classify(error) : 'info'
      this.complete(op, { result, error: error instanceof Error ? error.message : String(error) })
      throw error
    }
    this.complete(op, { result: 'ok', value })
    return value
  }

  /** Adds an operation whose times were measured elsewhere. */
  record(op: RecordedOp): Op {
    const entry: MutableOp = {
      id: this.#ops.length,
      node: op.node,
      kind: op.kind,
      key: op.key,
      start: op.start,
      end: op.end,
      result: op.result,
    }
    if (op.kind !== 'delete') entry.value = op.value
    if (op.error !== undefined) entry.error = op.error
    this.#ops.push(entry)
    return { ...entry }
  }

  /** Notes an event (a fault, a heal, `QUIESCED`) at the current time. */
  mark(name: string, detail?: string): Mark {
    const mark: Mark =
      detail === undefined ? { name, time: this.#now() } : { name, time: this.#now(), detail }
    this.#marks.push(mark)
    return mark
  }

  /** Every operation so far, in invocation order (snapshots). */
  ops(): Op[] {
    return this.#ops.map((op) => ({ ...op }))
  }

  /** Every mark so far, in order. */
  marks(): Mark[] {
    return [...this.#marks]
  }

  /** The last mark with this name, if any. */
  lastMark(name: string): Mark | undefined {
    return this.#marks.findLast((mark) => mark.name === name)
  }

  /** JSON data (values tagged so that `fromJSON` restores them); `JSON.stringify(history)` uses it. */
  toJSON(): HistoryJson {
    const ops = this.#ops.map((op) => {
      const { value, ...rest } = op
      return 'value' in op ? { ...rest, value: encodeValue(value) } : rest
    })
    return { format: HISTORY_FORMAT, ops, marks: this.marks() }
  }

  /** Rebuilds a history from `toJSON` data or its JSON text. */
  static fromJSON(json: HistoryJson | string): History {
    const data: unknown = typeof json === 'string' ? JSON.parse(json) : json
    if (!isRecord(data) || data.format !== HISTORY_FORMAT) {
      throw new TypeError(`not a history: expected format ${JSON.stringify(HISTORY_FORMAT)}`)
    }
    if (!Array.isArray(data.ops) || !Array.isArray(data.marks)) {
      throw new TypeError('not a history: ops and marks must be arrays')
    }
    const history = new History()
    for (const [index, raw] of (data.ops as unknown[]).entries()) history.#ops.push(parseOp(raw, index))
    for (const raw of data.marks as unknown[]) {
      if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.time !== 'number') {
        throw new TypeError(`not a history: bad mark ${JSON.stringify(raw)}`)
      }
      history.#marks.push(raw as unknown as Mark)
    }
    return history
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const KINDS = new Set(['write', 'read', 'delete'])
const RESULTS = new Set(['ok', 'fail', 'info'])

function parseOp(raw: unknown, index: number): MutableOp {
  const bad = (why: string) => new TypeError(`not a history: op at index ${index} ${why}`)
  if (!isRecord(raw)) throw bad('is not an object')
  if (raw.id !== index) throw bad(`has id ${String(raw.id)}`)
  if (typeof raw.node !== 'string' || typeof raw.key !== 'string') throw bad('lacks node or key')
  if (!KINDS.has(raw.kind as string)) throw bad(`has unknown kind ${String(raw.kind)}`)
  if (typeof raw.start !== 'number') throw bad('lacks a start time')
  if (raw.end !== undefined && typeof raw.end !== 'number') throw bad('has a bad end time')
  if (raw.result !== undefined && !RESULTS.has(raw.result as string)) throw bad('has an unknown result')
  const op = { ...raw } as unknown as MutableOp
  if ('value' in raw) op.value = decodeValue(raw.value)
  return op
}
