/**
 * Records a linearizability history as the test process sees it: every operation is invoked and
 * completed on one clock (`performance.now()` unless injected), and an error makes it indeterminate
 * (`'info'`) unless a classifier says it certainly did not happen (`'fail'`). Events (faults) are
 * recorded on the same clock so that a report can draw them beside the operations.
 */
import type { LinEvent, LinInvocation, LinOp, LinOpResult } from './op.js'

type MutableOp = { -readonly [K in keyof LinOp]: LinOp[K] }

export class LinHistory {
  readonly #now: () => number
  readonly #ops: MutableOp[] = []
  readonly #events: LinEvent[] = []

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? (() => performance.now())
  }

  now(): number {
    return this.#now()
  }

  /** Starts an operation; finish it with `complete`. Returns its id. */
  invoke(inv: LinInvocation): number {
    const op: MutableOp = {
      id: this.#ops.length,
      client: inv.client,
      key: inv.key,
      kind: inv.kind,
      start: this.#now(),
    }
    if (inv.kind === 'write' || inv.kind === 'cas') op.value = inv.value
    if (inv.kind === 'cas') op.expected = inv.expected
    this.#ops.push(op)
    return op.id
  }

  /** Completes operation `id` now: `'ok'` with its output (read value, cas swapped), or fail/info. */
  complete(id: number, result: LinOpResult, output?: unknown, error?: string): void {
    const op = this.#ops[id]
    if (op === undefined) throw new RangeError(`no operation #${id} in this history`)
    if (op.result !== undefined) throw new Error(`operation #${id} already completed (${op.result})`)
    op.end = this.#now()
    op.result = result
    if (result === 'ok' && (op.kind === 'read' || op.kind === 'cas')) op.output = output
    if (error !== undefined) op.error = error
  }

  /** Invokes, runs `fn`, completes (ok with its result, or the classifier's verdict, default info). */
  async run<T>(
    inv: LinInvocation,
    fn: () => Promise<T>,
    classify?: (err: unknown) => 'fail' | 'info',
  ): Promise<T> {
    const id = this.invoke(inv)
    let value: T
    try {
      value = await fn()
    } catch (err) {
      this.complete(
        id,
        classify?.(err) ?? 'info',
        undefined,
        err instanceof Error ? err.message : String(err),
      )
      throw err
    }
    this.complete(id, 'ok', value)
    return value
  }

  /** Notes an event (a fault starting or ending) at the current time, or at `time`. */
  event(name: string, detail?: string, time = this.#now()): LinEvent {
    const event: LinEvent = detail === undefined ? { name, time } : { name, time, detail }
    this.#events.push(event)
    return event
  }

  ops(): LinOp[] {
    return this.#ops.map((op) => ({ ...op }))
  }

  events(): LinEvent[] {
    return [...this.#events]
  }
}
