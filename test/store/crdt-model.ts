/**
 * A tiny simulator for property tests of the pure CRDT: replicas are bare `AwLwwMap`s, operations are
 * local writes and "ship these keys from replica i to replica j". Every local write's delta (the key's new
 * entry) is recorded, so tests can redeliver them in any order.
 */
import fc from 'fast-check'
import { AwLwwMap, type Entry, type EntryPair, HybridClock } from '../../fixtures/store/index.js'

export type Op =
  | { kind: 'put'; replica: number; key: string; value: number }
  | { kind: 'delete'; replica: number; key: string }
  | { kind: 'ship'; from: number; to: number; keys: string[] }

export const REPLICAS = 3
export const KEYS = ['a', 'b', 'c', 'd', 'e']

const keyArb = fc.constantFrom(...KEYS)
const replicaArb = fc.integer({ min: 0, max: REPLICAS - 1 })

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    replica: replicaArb,
    key: keyArb,
    value: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), replica: replicaArb, key: keyArb }),
  fc.record({
    kind: fc.constant('ship' as const),
    from: replicaArb,
    to: replicaArb,
    keys: fc.uniqueArray(keyArb, { maxLength: KEYS.length }),
  }),
)

export const historyArb = fc.array(opArb, { maxLength: 40 })

/** A clock per replica, skewed arbitrarily, advancing one ms per reading. */
function skewedClock(offsetMs: number): HybridClock {
  let t = 1_750_000_000_000 + offsetMs
  return new HybridClock(() => t++)
}

export interface Simulation {
  replicas: AwLwwMap<number>[]
  /** Every local write's delta, in the order the writes happened. */
  deltas: EntryPair<number>[]
}

export function newReplicas(skews: readonly number[] = [0, 0, 0]): AwLwwMap<number>[] {
  return Array.from({ length: REPLICAS }, (_, i) => new AwLwwMap<number>(`r${i}`, skewedClock(skews[i] ?? 0)))
}

export function run(ops: readonly Op[], skews?: readonly number[]): Simulation {
  const replicas = newReplicas(skews)
  const deltas: EntryPair<number>[] = []
  for (const op of ops) {
    if (op.kind === 'put') deltas.push([op.key, replicas[op.replica]!.put(op.key, op.value)])
    else if (op.kind === 'delete') {
      const d = replicas[op.replica]!.delete(op.key)
      if (d !== undefined) deltas.push([op.key, d])
    } else ship(replicas[op.from]!, replicas[op.to]!, op.keys)
  }
  return { replicas, deltas }
}

export function ship(from: AwLwwMap<number>, to: AwLwwMap<number>, keys: readonly string[]): void {
  for (const key of keys) {
    const entry = from.entry(key)
    if (entry !== undefined) to.join(key, entry)
  }
}

/** The whole internal state, as plain data, for deep equality. */
export function snapshot(map: AwLwwMap<number>): Record<string, Entry<number>> {
  const out: Record<string, Entry<number>> = {}
  for (const key of [...map.keys()].sort()) out[key] = map.entry(key)!
  return out
}
