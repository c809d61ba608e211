import { type HandoffTarget, handoffConformance } from 'handoff-harness/suites'
import { proxiedRedis, redisUnavailable } from './redis-server.js'

// The handoff suite against a real Redis server (fixtures/redis-store). Each node reaches the server
// through its own link proxy, so partitions and link delay reach the store's connection.
const redis = proxiedRedis()

const target: HandoffTarget = {
  name: 'redis-store',
  module: 'handoff-harness/fixtures/redis-store',
  // A node imports the redis client before it is ready: on a loaded machine that alone can take longer
  // than the default 10 s, which would make every property an `error`.
  nodeOptions: { startTimeoutMs: 40_000 },
  links: redis.links,
  setup: () => redis.start(),
  teardown: () => redis.stop(),
}
const unavailable = redisUnavailable()
if (unavailable !== undefined) target.unavailable = unavailable

handoffConformance(target)
