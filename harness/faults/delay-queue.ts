/**
 * An ordered delay queue: items go out in the order they came in, each no earlier than its arrival plus
 * the link delay, never before an item ahead of it (jitter cannot reorder a link). The delay is read
 * live at every pump, so a change applies to the items still waiting: each keeps its own jitter draw,
 * so its relative spread survives the change. While `held()` is true (a blackhole) nothing goes out;
 * call `pump()` when that or the delay changes. One timer at a time, for the head of the queue.
 */
import type { ResolvedLinkDelay } from './link-delay.js'

export interface DelayQueueOptions<T> {
  /** The delay in force now. */
  readonly delay: () => ResolvedLinkDelay
  /** Items are held (none delivered) while this returns true. Default: never. */
  readonly held?: () => boolean
  /** Called for each item, in order, when it is due. */
  readonly deliver: (item: T) => void
  /** Called after a pump that left the queue empty (e.g. to end a stream once everything is out). */
  readonly onIdle?: () => void
  /** Jitter draws in [0, 1). Default `Math.random`. */
  readonly random?: () => number
  /** Milliseconds, monotonic. Default `performance.now`. */
  readonly now?: () => number
}

interface Waiting<T> {
  readonly item: T
  readonly arrived: number
  readonly jitter: number
}

export class OrderedDelayQueue<T> {
  private readonly waiting: Waiting<T>[] = []
  private timer: NodeJS.Timeout | undefined
  private lastDue = 0
  private closed = false
  private readonly random: () => number
  private readonly now: () => number

  constructor(private readonly options: DelayQueueOptions<T>) {
    this.random = options.random ?? Math.random
    this.now = options.now ?? (() => performance.now())
  }

  /** Items waiting (delayed or held), oldest first. */
  get items(): readonly T[] {
    return this.waiting.map((w) => w.item)
  }

  get size(): number {
    return this.waiting.length
  }

  push(item: T): void {
    if (this.closed) return
    this.waiting.push({ item, arrived: this.now(), jitter: this.random() })
    // A pending timer already covers this item: it is due no earlier than the ones ahead of it.
    if (this.timer === undefined) this.pump()
  }

  /** Re-reads the delay and `held`, delivers what is due, and arms a timer for the rest. */
  pump(): void {
    if (this.closed) return
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.options.held?.()) return
    const delay = this.options.delay()
    const now = this.now()
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!
      const due = Math.max(next.arrived + delay.ms + next.jitter * delay.jitterMs, this.lastDue)
      if (due > now) {
        this.timer = setTimeout(() => this.pump(), Math.ceil(due - now))
        return
      }
      this.waiting.shift()
      this.lastDue = due
      this.options.deliver(next.item)
    }
    this.options.onIdle?.()
  }

  /** Delivers everything waiting now, in order, whatever the delay (a graceful close). */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const now = this.now()
    while (this.waiting.length > 0) {
      this.lastDue = Math.max(this.lastDue, now)
      this.options.deliver(this.waiting.shift()!.item)
    }
  }

  /** Drops everything waiting and stops the timer; later pushes are ignored. */
  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
    this.waiting.length = 0
  }
}
