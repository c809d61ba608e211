/**
 * Test-only boot module for the port of delta_crdt_ex's causal_crdt_test.exs
 * (test/upstream/delta-crdt-causal.test.ts): one replica `c` per node (sync interval 50 ms, as upstream), no
 * neighbours until a test sets them, and a replica with in-memory storage that can crash and restart.
 */
import { DeltaCrdt, MemoryStorage } from 'handoff-harness/fixtures/store'

const c: DeltaCrdt<unknown> = DeltaCrdt.start({ name: 'c', syncIntervalMs: 50 })
/** Survives the replica (DeltaCrdt's MemoryStorage is a process of its own). */
const storage = new MemoryStorage<unknown>()
let stored: DeltaCrdt<unknown> | undefined

export function start(): void {}

export function put(key: string, value: unknown): void {
  c.put(key, value)
}

export function merge(values: Record<string, unknown>): void {
  c.merge(values)
}

export function drop(keys: string[]): void {
  c.drop(keys)
}

export function del(key: string): void {
  c.delete(key)
}

export function toMap(): Record<string, unknown> {
  return Object.fromEntries(c.toMap())
}

export function setNeighbours(nodes: string[]): void {
  c.setNeighbours(nodes)
}

export function take(keys: string[]): Record<string, unknown> {
  return Object.fromEntries(c.take(keys))
}

export function get(key: string): unknown {
  return c.get(key) ?? null
}

/** Starts `storage_test` with storage (again, after a crash). */
export function startStored(): { replicaId: string } {
  stored = DeltaCrdt.start({ name: 'storage_test', storage })
  return { replicaId: stored.replicaId }
}

export function putStored(key: string, value: unknown): void {
  stored!.put(key, value)
}

export function storedMap(): Record<string, unknown> {
  return Object.fromEntries(stored!.toMap())
}

/** A crash: the replica stops at once, without a flush. */
export async function crashStored(): Promise<void> {
  await stored!.stop({ flush: false })
  stored = undefined
}
