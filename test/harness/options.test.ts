import { Cluster, remote } from 'handoff-harness'
import { expect, it } from 'vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

it('names a cluster after the running vitest test, uniquely', async () => {
  await using a = await Cluster.start()
  await using b = await Cluster.start()
  expect(a.name).toMatch(/^names-a-cluster-after-the-runnin-[a-z0-9]+$/)
  expect(a.name).not.toBe(b.name)
})

it('inspect: true starts the node with a debugger on loopback and reports its address', async () => {
  await using cluster = await Cluster.start()
  const n1 = await cluster.startNode({ inspect: true })
  expect(n1.inspectUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//)
  expect(await cluster.call(n1, Echo.echo, ['still answers'])).toBe('still answers')
})
