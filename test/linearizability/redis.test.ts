// The `linearizable` property against Redis (fixtures/redis-store, CAS by a Lua script) — it must pass —
// and against a test-only store that serves reads from a local cache — it must fail with a readable
// counterexample and the line that replays it. Each node reaches its own redis-server through a link
// proxy, so the nemesis's partitions cut the store's connection too.
import { type HandoffTarget, PropertyFailedError, runHandoffProperty } from 'handoff-harness/suites'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proxiedRedis, redisUnavailable } from '../suites/redis-server.js'

const unavailable = redisUnavailable()
const redis = proxiedRedis()

const SEED = 20261201
const target = (name: string, module: string): HandoffTarget => ({
  name,
  module,
  links: redis.links,
  capabilities: ['linearizable'],
  // Node starts are slow on a loaded 2-core machine; the nemesis restarts nodes too.
  nodeOptions: { config: { redisCommandTimeoutMs: 500 }, startTimeoutMs: 30_000 },
  linearizable: { seed: SEED },
})

describe.skipIf(unavailable !== undefined)(`linearizable: Redis ${unavailable ?? ''}`, () => {
  beforeAll(() => redis.start())
  afterAll(() => redis.stop())

  it(`redis-store is linearizable under the nemesis (seed ${SEED})`, async () => {
    const result = await runHandoffProperty(
      target('redis-store', 'handoff-harness/fixtures/redis-store'),
      'linearizable',
    )
    console.log(`redis-store: ${result.notes.join('; ')}`)
    expect(result.status).toBe('pass')
    expect(result.notes[0]).toMatch(/checker: linearizable/)
  })

  it('a store serving reads from a local cache fails with a counterexample', async () => {
    const broken = target('lin-cached-store', '#test-nodes/lin-cached-store')
    const err = await runHandoffProperty(broken, 'linearizable').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PropertyFailedError)
    const reason = (err as PropertyFailedError).result.reason ?? ''
    console.log(reason)
    expect(reason).toMatch(/^handoff property 'linearizable' failed for lin-cached-store: not-linearizable: /)
    expect(reason).toMatch(/key \S+: these \d+ operations cannot be ordered as one register/)
    expect(reason).toMatch(/read → /)
    expect(reason).toContain(`replay: HANDOFF_NEMESIS_SEED=${SEED} `)
    expect(reason).toMatch(/timeline: \S+linearizability\.html/)
  })
})
