/**
 * The user's own store for `npx handoff-harness conformance --store ./src/store.ts`: the handoff store
 * contract (`stash`, `pickup`, `remove`, booted on every node) on top of the reference StateHandoff
 * fixture, with the user's own key check, and the properties it claims in `capabilities`.
 */
import * as StateHandoff from 'handoff-harness/fixtures/state-handoff'
import type { BootContext } from 'handoff-harness/node'

// The properties this store claims; the others are reported as skipped (it would pass them too: the
// consumer check must not depend on whether the CLI can read a TypeScript store's claims).
export const capabilities = [
  'same-node-read',
  'cross-node-visibility',
  'graceful-stop-keeps-writes',
  'partition-heal-converges',
]

function checkKey(key: string): string {
  if (key === '') throw new TypeError('store: a key must not be empty')
  return key
}

export function start(ctx: BootContext): void {
  StateHandoff.start(ctx)
}

export function stop(): Promise<void> {
  return StateHandoff.stop()
}

export function stash(key: string, value: unknown): void {
  StateHandoff.stash(checkKey(key), value)
}

export function pickup(key: string): unknown {
  return StateHandoff.pickup(checkKey(key))
}

export function remove(key: string): void {
  StateHandoff.remove(checkKey(key))
}
