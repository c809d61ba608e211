import { type HandoffTarget, handoffConformance, proxiedBackend } from 'handoff-harness/suites'
import { type RedisServer, redisUnavailable, startRedisServer } from './redis-server.js'

// The handoff suite against a real Redis server (fixtures/redis-store). Each node reaches the server
// through its own link proxy, so partitions and link delay reach the store's connection.
let server: RedisServer | undefined
const links = proxiedBackend({
  configKey: 'redisUrl',
  address: () => {
    if (server === undefined) throw new Error('redis-server not started')
    return server.url
  },
})

const target: HandoffTarget = {
  name: 'redis-store',
  module: 'handoff-harness/fixtures/redis-store',
  // A node imports the redis client before it is ready: on a loaded machine that alone can take longer
  // than the default 10 s, which would make every property an `error`.
  nodeOptions: { startTimeoutMs: 40_000 },
  links,
  async setup() {
    server = await startRedisServer()
  },
  async teardown() {
    await links.close()
    await server?.stop()
  },
}
const unavailable = redisUnavailable()
if (unavailable !== undefined) target.unavailable = unavailable

handoffConformance(target)
