/**
 * The failure detector's arithmetic, free of timers and sockets: the mesh drives it from its tick, the
 * unit tests drive it with made-up times.
 *
 * Model: Erlang's net_ticktime, counted in this node's own ticks. A peer is down once this node has run
 * `timeoutMs` worth of ticks and heard nothing at all from it (any frame counts, not only heartbeats).
 * Each tick credits the time since the previous one, but at most 1.5 tick lengths: when the event loop
 * was late (the process was descheduled, the machine is starved, a handler hogged the loop) the silence
 * it did not hear is not held against the peer — on a 2-core machine running 64 nodes, a node that was
 * itself not scheduled for a second cannot tell whether its peers spoke, and its peers were most likely
 * starved too. On an idle machine ticks are on time and the credit equals the wall time, so a paused
 * (SIGSTOPped) peer is declared down `timeoutMs` after it was last heard, to a tick.
 *
 * A peer can be starved while this node is not: on an overloaded machine the scheduler favours a node
 * that sleeps (an observer waiting for heartbeats) over one that is busy (a node answering 60 handshakes
 * at start), and the busy one's heartbeats come late. This node cannot see that directly, but its own
 * lateness says the machine is starved, so the timeout stretches by STRETCH × this node's recent worst
 * lag (a decaying maximum, half-life LAG_HALF_LIFE_MS), up to MAX_STRETCH × the timeout. On an idle
 * machine the lag is a few ms and the timeout stays put; measured on a 2-core machine at load 20, lags of
 * 300–1400 ms were common and the stretch keeps 64 starting nodes from blaming each other.
 *
 * Why not phi-accrual (Akka, Cassandra)? It adapts the threshold to the jitter of the arrivals it saw,
 * which needs a history: at start-up — exactly when 64 nodes storm the CPU — there is none, and a first
 * guess is what cries wolf. It also keeps suspecting while this node itself is the one not running.
 * Counting silence in ticks this node ran needs no history and is right from the first tick.
 */

export interface TickReport {
  /** How late this tick was against its schedule (0 when on time). */
  lagMs: number
  /** The part of the time since the previous tick this node is held to have been listening. */
  creditedMs: number
}

/** Time this node's event loop ran on schedule: advances at each tick by at most 1.5 tick lengths. */
export class RunClock {
  private ran = 0
  private last: number
  private readonly maxCreditMs: number

  constructor(
    readonly tickMs: number,
    now: number,
  ) {
    this.last = now
    this.maxCreditMs = tickMs * 1.5
  }

  tick(now: number): TickReport {
    const gap = Math.max(0, now - this.last)
    this.last = now
    const creditedMs = Math.min(gap, this.maxCreditMs)
    this.ran += creditedMs
    return { lagMs: Math.max(0, gap - this.tickMs), creditedMs }
  }

  /** Running time in ms since the clock was made (to the last tick). */
  get ranMs(): number {
    return this.ran
  }
}

/** The silence of one peer, in this node's running time. */
export class Silence {
  private silentMs = 0
  private heardSinceTick = true

  /** Anything arrived from the peer. */
  hear(): void {
    this.heardSinceTick = true
  }

  /** Accounts one tick; returns the credited silence so far (0 when the peer spoke since the last tick). */
  tick(creditedMs: number): number {
    if (this.heardSinceTick) {
      this.heardSinceTick = false
      this.silentMs = 0
    } else {
      this.silentMs += creditedMs
    }
    return this.silentMs
  }
}

const STRETCH = 4
const MAX_STRETCH = 4
const LAG_HALF_LIFE_MS = 10_000

/** This node's recent worst event-loop lag, decaying by half every LAG_HALF_LIFE_MS. */
export class LagEstimate {
  private lag = 0
  private at: number

  constructor(now: number) {
    this.at = now
  }

  note(lagMs: number, now: number): void {
    this.lag = Math.max(lagMs, this.current(now))
    this.at = now
  }

  current(now: number): number {
    return this.lag * 0.5 ** (Math.max(0, now - this.at) / LAG_HALF_LIFE_MS)
  }

  /** The silence, in running time, after which a peer is declared down. */
  timeout(baseMs: number, now: number): number {
    return baseMs + Math.min(STRETCH * this.current(now), MAX_STRETCH * baseMs)
  }
}
