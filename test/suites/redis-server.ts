/**
 * Test helper: a throwaway redis-server on a free port (never the shared 6379), without persistence,
 * killed with the test process. The server itself is the bench's (`bench/run/redis-server.ts`), so tests
 * and benchmarks find the binary the same way (`$REDIS_SERVER`, else PATH, else /usr/bin).
 */
import { findRedisServer, RedisServer } from '../../bench/run/redis-server.js'

export type { RedisServer }

/** Why Redis tests cannot run here, or undefined when they can. */
export function redisUnavailable(): string | undefined {
  return findRedisServer() === undefined
    ? 'redis-server not found ($REDIS_SERVER, PATH, /usr/bin): install redis-server or set REDIS_SERVER to run the Redis tests'
    : undefined
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer()
  if (binary === undefined) throw new Error(redisUnavailable())
  return RedisServer.start(binary)
}
