/**
 * The nemesis runs a seeded fault schedule (see `nemesis-schedule.ts`) against a running cluster while
 * a workload goes on: one fault at a time, each undone before the next (a killed node is restarted, a
 * paused one resumed, a partition healed, a delay cleared). Every start and end is an event with its
 * time on `performance.now()`, the clock histories use, so a checker can draw faults beside operations.
 * `stop()` ends the schedule and heals everything, whatever state it was in. The seed comes from the
 * options, else `HANDOFF_NEMESIS_SEED`, else at random; `replay` is the line that reruns the same
 * schedule.
 */
import { randomInt } from 'node:crypto'
import type { NodeRef } from '../types.js'
import type { Cluster } from './cluster.js'
import {
  describeStep,
  type NemesisScheduleOptions,
  type NemesisStep,
  nemesisSchedule,
} from './nemesis-schedule.js'

export const NEMESIS_SEED_ENV = 'HANDOFF_NEMESIS_SEED'

export interface NemesisEvent {
  /** The step of the schedule, or -1 for the final heal. */
  readonly step: number
  readonly fault: NemesisStep['fault'] | 'heal'
  readonly phase: 'start' | 'end' | 'error'
  /** `performance.now()`, ms. */
  readonly time: number
  /** `kill c-2 for 180 ms`. */
  readonly description: string
  readonly error?: string
}

/** Extra network for faults to reach, such as a store's connections to its server (node names). */
export interface NemesisNetwork {
  partition?(groups: string[][]): unknown
  heal?(): unknown
}

export interface NemesisOptions extends NemesisScheduleOptions {
  /** Default: `HANDOFF_NEMESIS_SEED`, else random (printed in `replay`). */
  readonly seed?: number
  /** The nodes it may fault, in this order (positions matter for replay). Default: every running node. */
  readonly nodes?: readonly NodeRef[]
  /** Called on every event (e.g. to enter it into a history). */
  readonly onEvent?: (event: NemesisEvent) => void
  readonly network?: NemesisNetwork
}

/** The seed to use: the option, else `HANDOFF_NEMESIS_SEED`, else a random one. */
export function resolveNemesisSeed(seed?: number): number {
  if (seed !== undefined) return seed
  const env = process.env[NEMESIS_SEED_ENV]
  if (env !== undefined && env !== '') {
    const parsed = Number(env)
    if (!Number.isSafeInteger(parsed))
      throw new RangeError(`${NEMESIS_SEED_ENV} must be an integer, got '${env}'`)
    return parsed
  }
  return randomInt(2 ** 31)
}

export class Nemesis {
  readonly seed: number
  readonly schedule: readonly NemesisStep[]
  /** Node names, by the positions the schedule uses. */
  readonly nodeNames: readonly string[]
  readonly events: NemesisEvent[] = []
  private stopped = false
  private wake: (() => void) | undefined
  private readonly paused = new Set<string>()
  private readonly down = new Set<string>()
  private readonly delayed = new Set<string>()
  private partitioned = false
  private readonly loop: Promise<void>
  private stopping: Promise<NemesisEvent[]> | undefined

  constructor(
    private readonly cluster: Cluster,
    private readonly options: NemesisOptions = {},
  ) {
    this.seed = resolveNemesisSeed(options.seed)
    this.nodeNames = (options.nodes ?? cluster.nodes()).map((r) => (typeof r === 'string' ? r : r.name))
    this.schedule = nemesisSchedule(this.seed, this.nodeNames.length, options)
    this.loop = this.run()
  }

  /** The one line that replays this schedule. */
  get replay(): string {
    return `${NEMESIS_SEED_ENV}=${this.seed} (rerun with it for the same fault schedule on ${this.nodeNames.length} nodes)`
  }

  /** How many faults were started, by kind: `kill 2, pause 1, partition 3`. */
  summary(): string {
    const counts = new Map<string, number>()
    for (const e of this.events)
      if (e.phase === 'start' && e.step >= 0) counts.set(e.fault, (counts.get(e.fault) ?? 0) + 1)
    const errors = this.events.filter((e) => e.phase === 'error').length
    const list = [...counts].map(([f, n]) => `${f} ${n}`).join(', ') || 'no faults'
    return `nemesis seed ${this.seed}: ${list}${errors > 0 ? `; ${errors} fault action(s) failed` : ''}`
  }

  /** Ends the schedule, undoes the fault in progress and heals everything. Idempotent. */
  stop(): Promise<NemesisEvent[]> {
    this.stopping ??= (async () => {
      this.stopped = true
      this.wake?.()
      await this.loop
      await this.healAll()
      return [...this.events]
    })()
    return this.stopping
  }

  private async run(): Promise<void> {
    const t0 = performance.now()
    for (const step of this.schedule) {
      await this.sleepUntil(t0 + step.atMs)
      if (this.stopped) return
      const description = describeStep(step, this.nodeNames)
      if (!(await this.act(step, description, 'start', () => this.begin(step)))) continue
      await this.sleepUntil(performance.now() + step.durationMs)
      await this.act(step, description, 'end', () => this.end(step))
    }
  }

  private async act(step: NemesisStep, description: string, phase: 'start' | 'end', fn: () => Promise<void>) {
    try {
      await fn()
      this.emit({ step: step.index, fault: step.fault, phase, time: performance.now(), description })
      return true
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      this.emit({
        step: step.index,
        fault: step.fault,
        phase: 'error',
        time: performance.now(),
        description,
        error,
      })
      return false
    }
  }

  private async begin(step: NemesisStep): Promise<void> {
    const names = step.nodes.map((i) => this.nodeNames[i]!)
    const node = names[0]!
    switch (step.fault) {
      case 'kill':
        this.down.add(node)
        await this.cluster.killNode(node)
        return
      case 'restart':
        this.down.add(node)
        await this.cluster.stopNode(node)
        return
      case 'pause':
        this.cluster.pauseNode(node)
        this.paused.add(node)
        return
      case 'partition': {
        const groups = (step.groups ?? []).map((g) => g.map((i) => this.nodeNames[i]!))
        this.partitioned = true
        await this.cluster.partition(...groups)
        await this.options.network?.partition?.(groups)
        return
      }
      case 'delay': {
        const ms = step.delayMs ?? 50
        this.delayed.add(node)
        await Promise.all(
          this.others(node).flatMap((o) => [
            this.cluster.setLinkDelay(node, o, { ms, jitterMs: Math.round(ms / 2) }),
            this.cluster.setLinkDelay(o, node, { ms, jitterMs: Math.round(ms / 2) }),
          ]),
        )
      }
    }
  }

  private async end(step: NemesisStep): Promise<void> {
    const node = this.nodeNames[step.nodes[0]!]!
    switch (step.fault) {
      case 'kill':
      case 'restart':
        await this.cluster.restartNode(node)
        this.down.delete(node)
        return
      case 'pause':
        this.cluster.resumeNode(node)
        this.paused.delete(node)
        return
      case 'partition':
        await this.cluster.heal()
        await this.options.network?.heal?.()
        this.partitioned = false
        return
      case 'delay':
        await this.clearDelay(node)
    }
  }

  private others(node: string): string[] {
    return this.nodeNames.filter((n) => n !== node && this.running(n))
  }

  private running(name: string): boolean {
    return this.cluster.nodes().some((n) => n.name === name)
  }

  private async clearDelay(node: string): Promise<void> {
    await Promise.all(
      this.others(node).flatMap((o) => [
        this.cluster.setLinkFault(node, o, null),
        this.cluster.setLinkFault(o, node, null),
      ]),
    )
    this.delayed.delete(node)
  }

  /** Whatever the loop left: resume, restart, heal, clear delays; each failure is an event. */
  private async healAll(): Promise<void> {
    const heal = async (description: string, fn: () => unknown) => {
      try {
        await fn()
        this.emit({ step: -1, fault: 'heal', phase: 'end', time: performance.now(), description })
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err)
        this.emit({ step: -1, fault: 'heal', phase: 'error', time: performance.now(), description, error })
      }
    }
    for (const node of [...this.paused]) await heal(`resume ${node}`, () => this.cluster.resumeNode(node))
    this.paused.clear()
    if (this.partitioned)
      await heal('heal partition', async () => {
        await this.cluster.heal()
        await this.options.network?.heal?.()
      })
    this.partitioned = false
    for (const node of [...this.delayed]) await heal(`clear delay on ${node}`, () => this.clearDelay(node))
    for (const node of [...this.down])
      await heal(`restart ${node}`, async () => {
        if (!this.running(node)) await this.cluster.restartNode(node)
      })
    this.down.clear()
  }

  private emit(event: NemesisEvent): void {
    this.events.push(event)
    this.options.onEvent?.(event)
  }

  private sleepUntil(at: number): Promise<void> {
    const ms = at - performance.now()
    if (this.stopped || ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }
}
