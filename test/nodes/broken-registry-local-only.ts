/**
 * Test-only broken registry: each node keeps its names in a Map of its own and never tells the others.
 * A name registered on one node is unknown everywhere else, and every node accepts a name the others
 * hold (breaks lookup-from-every-node and unique-names).
 */
import { node } from 'handoff-harness/node'

const names = new Map<string, string>()
let counter = 0

export function register(name: string): { ok: true; holder: string } | { ok: false; holder: string } {
  const held = names.get(name)
  if (held !== undefined) return { ok: false, holder: held }
  const holder = `${node.name}/${++counter}`
  names.set(name, holder)
  return { ok: true, holder }
}

export function lookup(name: string): string | undefined {
  return names.get(name)
}

export function unregister(name: string): boolean {
  return names.delete(name)
}

export function exit(name: string): boolean {
  return names.delete(name)
}
