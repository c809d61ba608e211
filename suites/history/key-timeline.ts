/**
 * The per-key view the checker and the latency measures share. Every write or delete that may have
 * happened (`'ok'`, or indeterminate `'info'`/pending) is a *version* of its key, identified by its
 * value (a delete's value is `ABSENT`), plus the implicit initial version: absent, before all time.
 *
 * Order is real time on one host: version `a` *precedes* `b` when `a` completed before `b` started
 * (more than `concurrencyWindowMs` before). Overlapping versions are concurrent, and a last-writer-wins
 * store may keep either. An indeterminate version never completes, so it precedes nothing and anything
 * invoked after it started may be overwritten by it. A read *may have observed* a version when the
 * value matches and the version started before the read ended; reads are matched to versions by value,
 * so workloads should write distinct values per key.
 */
import { type Op, outcome } from './op.js'
import { ABSENT, valueKey } from './value-codec.js'

/** One version of a key: a write or delete that may have happened, or the initial absence. */
export interface Version {
  /** The operation; unset for the initial absence. */
  readonly op?: Op
  readonly value: string
  readonly start: number
  /** Completion time; `Infinity` when indeterminate. */
  readonly end: number
}

export interface TimelineOptions {
  /** Versions closer than this (ms) count as concurrent. Default 0. */
  readonly concurrencyWindowMs?: number
}

const INITIAL: Version = { value: ABSENT, start: -Infinity, end: -Infinity }

export class KeyTimeline {
  /** Ok writes and deletes, by start time. */
  readonly mutations: Op[] = []
  /** Writes and deletes that may have happened (ok, indeterminate or pending), by start time. */
  readonly versions: Op[] = []
  /** Ok reads, by start time. */
  readonly reads: Op[] = []
  /** Writes whose value only a failed operation wrote: a read returning one of these is a phantom. */
  readonly failedValues = new Set<string>()
  readonly #byValue = new Map<string, Version[]>([[ABSENT, [INITIAL]]])
  readonly #window: number

  constructor(
    readonly key: string,
    options: TimelineOptions = {},
  ) {
    this.#window = options.concurrencyWindowMs ?? 0
  }

  add(op: Op): void {
    const result = outcome(op)
    if (op.kind === 'read') {
      if (result === 'ok') this.reads.push(op)
      return
    }
    const value = op.kind === 'delete' ? ABSENT : valueKey(op.value)
    if (result === 'fail') {
      this.failedValues.add(value)
      return
    }
    if (result === 'ok') this.mutations.push(op)
    this.versions.push(op)
    const version: Version = { op, value, start: op.start, end: result === 'ok' ? op.end! : Infinity }
    const list = this.#byValue.get(value)
    if (list) list.push(version)
    else this.#byValue.set(value, [version])
  }

  /** True when `a` certainly took effect before `b` was invoked. */
  precedes(a: Version | Op, b: Version | Op): boolean {
    return endOf(a) + this.#window < b.start
  }

  /** The versions a read may have returned (none: it returned a value nobody wrote). */
  sources(read: Op): Version[] {
    const list = this.#byValue.get(valueKey(read.value)) ?? []
    return list.filter((version) => version.start <= read.end!)
  }

  /** True when the read returned `write` itself or a version that does not precede it. */
  isAtLeastAsNew(read: Op, write: Op): boolean {
    return this.sources(read).some((version) => version.op === write || !this.precedes(version, write))
  }

  /** True when every version the read may have returned precedes `write`: it missed `write`. */
  isOlderThan(read: Op, write: Op): boolean {
    const sources = this.sources(read)
    return sources.length > 0 && sources.every((version) => this.precedes(version, write))
  }

  /** Values written by more than one version (reads cannot tell those versions apart). */
  ambiguousValues(): string[] {
    return [...this.#byValue].filter(([value, list]) => value !== ABSENT && list.length > 1).map(([v]) => v)
  }

  /** Ok reads of this value (any node, any time). */
  readsOf(value: string): Op[] {
    return this.reads.filter((read) => valueKey(read.value) === value)
  }
}

function endOf(x: Version | Op): number {
  if ('id' in x) return outcome(x) === 'ok' ? x.end! : Infinity
  return x.end
}

/** Groups a history by key, each timeline's operations in start order. */
export function timelines(ops: readonly Op[], options: TimelineOptions = {}): Map<string, KeyTimeline> {
  const byKey = new Map<string, KeyTimeline>()
  const sorted = [...ops].sort((a, b) => a.start - b.start || a.id - b.id)
  for (const op of sorted) {
    let timeline = byKey.get(op.key)
    if (!timeline) {
      timeline = new KeyTimeline(op.key, options)
      byKey.set(op.key, timeline)
    }
    timeline.add(op)
  }
  return byKey
}
