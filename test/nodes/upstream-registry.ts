/**
 * Test-only boot module for the port of Horde's registry_test.exs (test/upstream/horde-registry-*.test.ts),
 * booted after `#test-nodes/registry-probe` (which starts registry `probe`): remote functions for the
 * registry operations Horde's tests use. Patterns cross the wire as data: `'_'` is `ANY`,
 * `{ $gt: [field, n] }` is the predicate `value[field] > n`, anything else matches structurally.
 */
import { type Pid, send, spawn } from 'handoff-harness/fixtures/process'
import { ANY, getRegistry, type RegistryEntry, type ValuePattern } from 'handoff-harness/fixtures/registry'

type PatternArg = '_' | { $gt: [string, number] } | unknown

function toPattern(p: PatternArg): ValuePattern {
  if (p === '_') return ANY
  if (typeof p === 'object' && p !== null && '$gt' in p) {
    const [field, than] = (p as { $gt: [string, number] }).$gt
    return (v: unknown) => typeof v === 'object' && v !== null && (v as Record<string, number>)[field]! > than
  }
  return p
}

const reg = () => getRegistry('probe')

export function setMembers(members: 'auto' | string[]): void {
  reg().setMembers(members)
}

export function members(): string[] {
  return reg().members()
}

export function entries(): RegistryEntry[] {
  return reg().entries()
}

export function match(key: string, pattern: PatternArg = '_'): Array<{ pid: Pid; value: unknown }> {
  return reg().match(key, toPattern(pattern))
}

export function countMatch(key: string, pattern: PatternArg = '_'): number {
  return reg().countMatch(key, toPattern(pattern))
}

export function unregisterMatch(key: string, pattern: PatternArg): Promise<boolean> {
  return reg().unregisterMatch(key, toPattern(pattern))
}

/** Horde's `update_value(reg, key, fn)` run as process `pid`; the new value replaces the old one. */
export function updateValue(key: string, pid: Pid, value: unknown) {
  return reg().updateValue(key, pid, () => value)
}

/** Dispatches `{ value }` to the holder of `key` with a send (Horde's dispatch test). */
export function dispatchValue(key: string): Promise<boolean> {
  return reg().dispatch(key, (found) => {
    for (const { pid, value } of found) send(pid, { value })
  })
}

/** A send by name; a failure comes back as the error's name. */
export async function sendByName(
  registry: string,
  key: string,
  msg: unknown,
): Promise<{ ok: true } | { ok: false; name: string }> {
  try {
    await getRegistry(registry).send(key, msg)
    return { ok: true }
  } catch (err) {
    return { ok: false, name: err instanceof Error ? err.name : String(err) }
  }
}

export function getMeta(key: string): { ok: true; value: unknown } | { ok: false } {
  return reg().getMeta(key)
}

export function putMeta(key: string, value: unknown): void {
  reg().putMeta(key, value)
}

export function deleteMeta(key: string): void {
  reg().deleteMeta(key)
}

/** Spawns a process that registers itself under each key (Horde's "process registering in its init"). */
export async function spawnRegistering(keys: string[]): Promise<Pid> {
  return spawn(
    {
      async init(_args: null, self) {
        for (const key of keys) await reg().register(key, self.pid, null)
        return null
      },
    },
    null,
  )
}
