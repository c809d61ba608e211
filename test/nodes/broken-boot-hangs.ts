/** Test-only store whose boot never finishes (start() waits on a backend that never answers): the node
 * never becomes ready, so the store cannot be set up — an `error`, not a verdict on any property. */
export { pickup, remove, stash, stop } from './suite-good-store.js'

export function start(): Promise<void> {
  console.log('waiting for a backend that never answers')
  return new Promise(() => {})
}
