/**
 * Test-only TypeScript store (loaded from its `.ts` source: the suites read its claims in a node that
 * loads it through tsx) that honestly claims one property: the good store, claiming `same-node-read`.
 */
import type { HandoffPropertyId } from 'handoff-harness/suites'

export { pickup, remove, start, stash, stop } from './suite-good-store.js'

export const capabilities: readonly HandoffPropertyId[] = ['same-node-read']
