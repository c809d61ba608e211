import { remote } from 'handoff-harness'
import { expect, test } from 'handoff-harness/vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

test('fails on purpose after a node logged something', async ({ cluster }) => {
  const [n1] = await cluster.startNodes(1)
  await cluster.call(n1!, Echo.print, ['the-node-said-this'])
  expect(await cluster.call(n1!, Echo.echo, [1])).toBe(2)
})

// The timeout leaves room to start two nodes on a busy machine before the test hangs.
test('hangs until its timeout', { timeout: 5000 }, async ({ cluster }) => {
  const [n1] = await cluster.startNodes(2)
  process.stdout.write(`SAMPLE-PIDS ${JSON.stringify(cluster.nodes().map((n) => n.pid))}\n`)
  await cluster.call(n1!, Echo.hang, [], { timeoutMs: 60_000 })
})
