/**
 * What a user writes: three real nodes running the project's own TypeScript boot module, addressed by a
 * path relative to this file.
 */
import { ModuleImportError, NodeStartError, remote, waitUntil } from 'handoff-harness'
import { expect, test } from 'handoff-harness/vitest'

const Kv = remote<typeof import('../src/kv.js')>('../src/kv.ts')
// Each node loads tsx for the .ts module: give starts on a busy CI machine room (default 10 s).
const startTimeoutMs = 60_000

test('a value put on one node is on the others, across a stop and a partition', async ({ cluster }) => {
  const [n1, n2, n3] = await cluster.startNodes(3, { boot: ['../src/kv.ts'], startTimeoutMs })

  await cluster.call(n1, Kv.put, ['greeting', 'hello'])
  await waitUntil(async () => {
    expect(await cluster.call(n2, Kv.get, ['greeting'])).toBe('hello')
    expect(await cluster.call(n3, Kv.get, ['greeting'])).toBe('hello')
  })

  await cluster.stopNode(n1) // graceful: its peers see it leave
  await waitUntil(async () => expect(await cluster.call(n2, Kv.peers, [])).toEqual([n3.name]))

  await cluster.partition([n2], [n3])
  await cluster.call(n2, Kv.put, ['side', 'two'])
  await cluster.call(n3, Kv.put, ['other', 'three'])
  expect(await cluster.call(n3, Kv.get, ['side'])).toBeUndefined()

  await cluster.heal()
  await waitUntil(async () => {
    expect(await cluster.call(n3, Kv.get, ['side'])).toBe('two')
    expect(await cluster.call(n2, Kv.get, ['other'])).toBe('three')
  })
})

test('a module that does not import is named, and so is a boot module that fails', async ({ cluster }) => {
  const [n1] = await cluster.startNodes(1)
  const Missing = remote<typeof import('../src/kv.js')>('../src/no-such-file.ts')
  await expect(cluster.call(n1, Missing.get, ['k'])).rejects.toThrow(ModuleImportError)

  // This project does not install the optional peer `redis`: the Redis store says what to install.
  const err = await cluster
    .startNode({
      boot: ['handoff-harness/fixtures/redis-store'],
      config: { redisUrl: 'redis://127.0.0.1:1' },
    })
    .catch((e: unknown) => e)
  expect(err).toBeInstanceOf(NodeStartError)
  expect((err as Error).message).toContain("boot module 'handoff-harness/fixtures/redis-store'")
  expect((err as Error).message).toContain("needs the 'redis' package")
})
