import { Cluster, NodeStartError, remote, waitUntil } from 'handoff-harness'
import { afterAll, expect, it } from 'vitest'
import { isRunning } from '../support/process-state.js'
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

it('a process taken at once, before its warm-up ran, starts like any other', async () => {
  await Cluster.drainWarmPool()
  await using cluster = await Cluster.start({ warmPool: 1 })
  // The pool spawned one process just now; this start takes it while its prewarm is still queued.
  const idle = warmPids()
  const n1 = await cluster.startNode({ env: { FLAVOUR: 'early' } })
  expect(idle).toContain(n1.pid)
  expect(await cluster.call(n1, Echo.getEnv, ['FLAVOUR'])).toBe('early')
})

it('a boot failure in a pooled process is a NodeStartError, leaves no process, and the pool refills', async () => {
  Cluster.prewarm(1)
  await waitUntil(() => warmPids().length >= 1)
  const idle = warmPids()
  await using cluster = await Cluster.start({ warmPool: 1 })
  const err = await cluster
    .startNode({ name: 'broken', boot: ['#test-nodes/failing-boot'] })
    .catch((e: unknown) => e)
  expect(err).toBeInstanceOf(NodeStartError)
  expect((err as NodeStartError).logTail).toContain('about to fail on purpose')
  const pid = cluster.node('broken').pid
  expect(idle).toContain(pid)
  expect(isRunning(pid)).toBe(false)
  await waitUntil(() => warmPids().length >= 1 && !warmPids().includes(pid))
})
