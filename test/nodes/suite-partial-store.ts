/** Test-only: the good store, claiming only some properties (to show unclaimed ones are skipped). */
export { pickup, remove, start, stash, stop } from './suite-good-store.js'

export const capabilities = ['same-node-read', 'delete']
