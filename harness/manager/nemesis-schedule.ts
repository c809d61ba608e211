/**
 * A nemesis schedule is data, drawn from a seed before anything runs: a list of faults, one at a time,
 * each starting at a fixed offset and lasting a drawn time, on nodes chosen by their position in the
 * node list. It is a pure function of (seed, node count, options), so the same seed on the same
 * workload gives the same schedule, and a failing run is replayed by its seed alone (node names differ
 * between runs; positions do not).
 */

/** What the nemesis can do to a node or the network. */
export type NemesisFault = 'kill' | 'pause' | 'restart' | 'partition' | 'delay'

export const NEMESIS_FAULTS: readonly NemesisFault[] = ['kill', 'pause', 'restart', 'partition', 'delay']

export interface NemesisScheduleOptions {
  /** The faults to draw from, equally likely. Default: all of `NEMESIS_FAULTS`. */
  readonly faults?: readonly NemesisFault[]
  /** A fault starts every `intervalMs`. Default 500. */
  readonly intervalMs?: number
  /** How many faults to plan (the nemesis stops early when `stop()` is called). Default 200. */
  readonly steps?: number
  /** Link delay drawn between these bounds, ms. Default 10–80. */
  readonly delayMs?: readonly [number, number]
}

/** One planned fault. `nodes` are positions in the node list; a partition splits them into `groups`. */
export interface NemesisStep {
  readonly index: number
  readonly fault: NemesisFault
  /** Offset from the nemesis start, ms. */
  readonly atMs: number
  /** How long it lasts before it is undone (a kill: before the node is restarted), ms. */
  readonly durationMs: number
  /** kill/pause/restart: the one node; delay: the node whose links (both ways) are delayed. */
  readonly nodes: readonly number[]
  /** partition: the two sides, as positions. */
  readonly groups?: readonly (readonly number[])[]
  /** delay: added to every frame on the node's links, ms (plus up to half as much jitter). */
  readonly delayMs?: number
}

/** A small, fast, seedable PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function nemesisSchedule(
  seed: number,
  nodeCount: number,
  options: NemesisScheduleOptions = {},
): NemesisStep[] {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`nemesis seed must be an integer, got ${seed}`)
  const faults = options.faults ?? NEMESIS_FAULTS
  const unknown = faults.filter((f) => !NEMESIS_FAULTS.includes(f))
  if (faults.length === 0 || unknown.length > 0)
    throw new RangeError(
      `nemesis faults must be some of ${NEMESIS_FAULTS.join(', ')}; got ${faults.join(', ') || 'none'}`,
    )
  const intervalMs = options.intervalMs ?? 500
  if (!(intervalMs > 0)) throw new RangeError(`nemesis intervalMs must be positive, got ${intervalMs}`)
  const [dLow, dHigh] = options.delayMs ?? [10, 80]
  // A partition needs two nodes; with one node only the node faults remain.
  const usable = faults.filter((f) => nodeCount >= 2 || (f !== 'partition' && f !== 'delay'))
  if (nodeCount < 1 || usable.length === 0) return []
  const rand = seededRandom(seed)
  const pick = (n: number) => Math.floor(rand() * n)
  const steps: NemesisStep[] = []
  for (let index = 0; index < (options.steps ?? 200); index++) {
    const fault = usable[pick(usable.length)]!
    // Lasts 30–70% of the interval: the next fault starts on a healed cluster.
    const durationMs = Math.round(intervalMs * (0.3 + 0.4 * rand()))
    const base = { index, fault, atMs: index * intervalMs, durationMs }
    if (fault === 'partition') {
      // A random non-trivial split: shuffle, cut at 1..n-1.
      const order = Array.from({ length: nodeCount }, (_, i) => i)
      for (let i = order.length - 1; i > 0; i--) {
        const j = pick(i + 1)
        ;[order[i], order[j]] = [order[j]!, order[i]!]
      }
      const cut = 1 + pick(nodeCount - 1)
      const groups = [order.slice(0, cut).sort((a, b) => a - b), order.slice(cut).sort((a, b) => a - b)]
      steps.push({ ...base, nodes: [...order].sort((a, b) => a - b), groups })
    } else if (fault === 'delay') {
      steps.push({ ...base, nodes: [pick(nodeCount)], delayMs: Math.round(dLow + (dHigh - dLow) * rand()) })
    } else {
      steps.push({ ...base, nodes: [pick(nodeCount)] })
    }
  }
  return steps
}

/** `kill n2 for 180 ms`, `partition [n1] | [n2, n3] for 210 ms`, with names for positions. */
export function describeStep(step: NemesisStep, names: readonly string[]): string {
  const name = (i: number) => names[i] ?? `#${i}`
  const what =
    step.fault === 'partition'
      ? `partition ${(step.groups ?? []).map((g) => `[${g.map(name).join(', ')}]`).join(' | ')}`
      : step.fault === 'delay'
        ? `delay ${name(step.nodes[0]!)}'s links ${step.delayMs} ms`
        : `${step.fault} ${name(step.nodes[0]!)}`
  return `${what} for ${step.durationMs} ms`
}
