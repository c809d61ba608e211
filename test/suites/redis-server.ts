/**
 * Test helper: a throwaway redis-server on a free port (never the shared 6379), without persistence,
 * killed with the test process. The server itself is the bench's (`bench/run/redis-server.ts`), so tests
 * and benchmarks find the binary the same way (`$REDIS_SERVER`, else PATH, else /usr/bin).
 */
import { type ProxiedBackend, proxiedBackend } from 'handoff-harness/suites'
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

/** A redis-server that each node reaches through its own link proxy (config key `redisUrl`, what
 * fixtures/redis-store reads), so partitions and link delay reach the store's connection too. */
export interface ProxiedRedis {
  /** The target's `links`. */
  readonly links: ProxiedBackend
  /** Starts the server; nodes may be prepared only after this. */
  start(): Promise<void>
  /** Closes every proxy, then stops the server. */
  stop(): Promise<void>
}

export function proxiedRedis(): ProxiedRedis {
  let server: RedisServer | undefined
  const links = proxiedBackend({
    configKey: 'redisUrl',
    address: () => {
      if (server === undefined) throw new Error('proxiedRedis: redis-server not started: call start() first')
      return server.url
    },
  })
  return {
    links,
    async start() {
      server = await startRedisServer()
    },
    async stop() {
      await links.close()
      await server?.stop()
      server = undefined
    },
  }
}
