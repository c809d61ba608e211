/**
 * The mesh's failure detector and heartbeat sender: one timer per node, not one per link. Every tick it
 * advances the node's run clock (liveness.ts: silence is counted only in time this node ran on
 * schedule), then — after the poll phase, so bytes that waited in the kernel while the loop was late are
 * read first — it declares down each link silent for `timeoutMs` of running time (stretched while this
 * node's own loop has recently been late: the machine is starved) and sends a heartbeat on
 * each link that sent nothing for about `intervalMs`. A late loop is logged (rate-limited), so a verdict
 * can be read against the node's own starvation.
 */
import type { HeartbeatSettings } from './heartbeat-settings.js'
import type { Link } from './link.js'
import { LagEstimate, RunClock } from './liveness.js'

/** A tick later than this is logged as the node's own lag. */
const LAG_LOG_MS = 250
const LAG_LOG_EVERY_MS = 5000

export class FailureDetector {
  readonly clock: RunClock
  readonly tickMs: number
  private readonly lag: LagEstimate
  private timer: NodeJS.Timeout | undefined
  private lastLagLog = Number.NEGATIVE_INFINITY
  private worstLagMs = 0
  private lastJudged = performance.now()

  constructor(
    private readonly settings: HeartbeatSettings,
    private readonly links: () => Iterable<Link>,
    private readonly log: (line: string) => void,
  ) {
    // Half the heartbeat interval: a verdict lands within half an interval of the timeout, and an idle
    // link sends about once per interval.
    this.tickMs = Math.max(5, Math.floor(settings.intervalMs / 2))
    this.clock = new RunClock(this.tickMs, performance.now())
    this.lag = new LagEstimate(performance.now())
  }

  start(): void {
    this.timer = setInterval(() => {
      const report = this.clock.tick(performance.now())
      this.noteLag(report.lagMs)
      setImmediate(() => this.judge(report.creditedMs))
    }, this.tickMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** The silence (in running time) after which a peer is declared down, as of now. */
  currentTimeoutMs(): number {
    return this.lag.timeout(this.settings.timeoutMs, performance.now())
  }

  /** The worst lag of this node's loop seen so far (ms), for diagnostics. */
  get worstLag(): number {
    return this.worstLagMs
  }

  private judge(creditedMs: number): void {
    const now = performance.now()
    const previous = this.lastJudged
    this.lastJudged = now
    const sendAfter = this.settings.intervalMs - this.tickMs / 2
    const timeoutMs = this.currentTimeoutMs()
    for (const link of this.links()) {
      // Links stamp no clock per frame (link.ts); a frame sent since the last tick counts as sent at
      // that tick — the earliest it can have been — so a heartbeat never comes later than it would have.
      if (link.sentSinceTick) {
        link.sentSinceTick = false
        link.sentAt = previous
      }
      const silentMs = link.silence.tick(creditedMs)
      if (silentMs === 0) link.heardAt = now
      if (silentMs >= timeoutMs) {
        const wall = Math.round(now - link.heardAt)
        link.destroy(
          `no heartbeat for ${wall} ms (${Math.round(silentMs)} ms of this node's running time; ` +
            `limit ${Math.round(timeoutMs)} ms)`,
        )
      } else if (now - link.sentAt >= sendAfter) {
        link.sendHeartbeat()
        link.sentSinceTick = false
        link.sentAt = now
      }
    }
  }

  private noteLag(lagMs: number): void {
    this.lag.note(lagMs, performance.now())
    this.worstLagMs = Math.max(this.worstLagMs, lagMs)
    if (lagMs < LAG_LOG_MS) return
    const now = performance.now()
    if (now - this.lastLagLog < LAG_LOG_EVERY_MS) return
    this.lastLagLog = now
    this.log(
      `mesh: this node's event loop ran ${Math.round(lagMs)} ms late; silence in that time is not held against peers`,
    )
  }
}
