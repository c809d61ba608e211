import { Cluster, remote, waitUntil } from 'handoff-harness'
import { afterAll, expect, it } from 'vitest'
import { warmPids } from '../support/warm-pids.js'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

afterAll(() => Cluster.drainWarmPool())

it('a node with default flags starts from a pre-spawned idle process, with its own env and config', async () => {
  Cluster.prewarm(2)
  await waitUntil(() => warmPids().length === 2)
  const idle = warmPids()
  await using cluster = await Cluster.start({ warmPool: 2 })
  const n1 = await cluster.startNode({ env: { FLAVOUR: 'warm' }, config: { k: 1 } })
  expect(idle).toContain(n1.pid)
  expect(await cluster.call(n1, Echo.getEnv, ['FLAVOUR'])).toBe('warm')
  expect((await cluster.call(n1, Echo.whoami, [])).config).toEqual({ k: 1 })
  // The pool tops itself up behind the taken process.
  await waitUntil(() => warmPids(cluster.nodes()).length === 2 && !warmPids(cluster.nodes()).includes(n1.pid))
  const n2 = await cluster.startNode()
  expect(await cluster.call(n2, Echo.peers, [])).toEqual([n1.name])
})

it('a node with custom flags starts cold', async () => {
  Cluster.prewarm(1)
  await waitUntil(() => warmPids().length >= 1)
  const idle = warmPids()
  await using cluster = await Cluster.start({ warmPool: 1 })
  const n1 = await cluster.startNode({ execArgv: ['--no-warnings'] })
  expect(idle).not.toContain(n1.pid)
})
