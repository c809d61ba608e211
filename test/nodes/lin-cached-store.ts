/**
 * Test-only broken store: writes and compare-and-sets go to Redis (fixtures/redis-store), but reads
 * are served from a local cache filled by this node's own writes and first reads. Every node converges
 * on its own writes and reads fast — and reads another node's overwrite never, or late: not
 * linearizable, which the `linearizable` property must show with a counterexample.
 */
import {
  cas as redisCas,
  pickup as redisPickup,
  remove as redisRemove,
  stash as redisStash,
} from 'handoff-harness/fixtures/redis-store'

export { start, stop } from 'handoff-harness/fixtures/redis-store'

const cache = new Map<string, unknown>()

export async function stash(key: string, value: unknown): Promise<void> {
  await redisStash(key, value)
  cache.set(key, value)
}

export async function pickup(key: string): Promise<unknown> {
  if (cache.has(key)) return cache.get(key)
  const value = await redisPickup(key)
  cache.set(key, value)
  return value
}

export async function remove(key: string): Promise<void> {
  await redisRemove(key)
  cache.set(key, undefined)
}

export async function cas(key: string, expected: unknown, value: unknown): Promise<boolean> {
  const swapped = await redisCas(key, expected, value)
  if (swapped) cache.set(key, value)
  return swapped
}
