/**
 * TypeScript boot modules and `remote()` specifiers as a user writes them: relative paths are resolved
 * from the calling file (not the working directory), `.ts` modules load through tsx, and a module that
 * does not import is a ModuleImportError naming the node, the function and the module; a boot module
 * that fails is named in NodeStartError.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Cluster, ModuleImportError, NodeStartError, remote, UnknownExportError } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const here = dirname(fileURLToPath(import.meta.url))
const kvUrl = pathToFileURL(resolve(here, '../nodes/kv.ts')).href
// The working directory is the repository root, so from there '../nodes/kv.ts' would leave the repository.
const Kv = remote<typeof import('../nodes/kv.js')>('../nodes/kv.ts')
// A .ts module makes the node load tsx (it starts an esbuild service): ~125 ms when idle, many seconds on
// a loaded 2-core machine, so these starts and first calls get a deadline far from the default 10 s.
const slow = 60_000

describe('relative specifiers', () => {
  test('remote() resolves a relative path from the calling file, not the working directory', () => {
    expect(process.cwd()).not.toBe(here)
    expect(Kv.put.module).toBe(kvUrl)
    expect(
      remote<typeof import('../nodes/kv.js')>(new URL('../nodes/kv.ts', import.meta.url)).get.module,
    ).toBe(kvUrl)
    // Package names and imports are left for the node to resolve.
    expect(remote<{ f(): void }>('#test-nodes/echo').f.module).toBe('#test-nodes/echo')
  })

  test('a TypeScript boot module given relative to the test file boots, and its functions are called', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot: ['../nodes/kv.ts'], startTimeoutMs: slow })
    await cluster.call(n1, Kv.put, ['k', { v: 1 }])
    expect(await cluster.call(n1, Kv.get, ['k'])).toEqual({ v: 1 })
    // restartNode keeps the resolved path whatever calls it later.
    await cluster.restartNode(n2)
    expect(await cluster.call(n2, Kv.get, ['k'])).toEqual({ v: 1 })
  })

  test('Cluster.start({ node: { boot } }) resolves from the file that started the cluster', async () => {
    await using cluster = await Cluster.start({
      nodes: 1,
      node: { boot: ['../nodes/kv.ts'], startTimeoutMs: slow },
    })
    const [n1] = cluster.nodes()
    await cluster.call(n1!, Kv.put, ['a', 1])
    expect(await cluster.call(n1!, Kv.get, ['a'])).toBe(1)
  })
})

describe('module errors', () => {
  test('a module that does not import is a ModuleImportError, not an unknown export', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const Missing = remote<{ f(): void }>('./no-such-module.ts')
    const err = await cluster.call(n1, Missing.f, [], { timeoutMs: slow }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ModuleImportError)
    expect(err).not.toBeInstanceOf(UnknownExportError)
    const importErr = err as ModuleImportError
    expect(importErr.node).toBe(n1.name)
    expect(importErr.fn).toBe('no-such-module.f')
    expect(importErr.module).toBe(pathToFileURL(resolve(here, 'no-such-module.ts')).href)
    expect(importErr.message).toContain(resolve(here, 'no-such-module.ts'))
    expect(importErr.message).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/)
    expect(importErr.message).toContain('relative paths are resolved from the file that called remote()')
    // The node is fine and still answers.
    expect(await cluster.call(n1, Kv.get, ['nothing'])).toBeUndefined()
  })

  test('a boot module that throws in start() is named in NodeStartError', async ({ cluster }) => {
    const err = await cluster
      .startNode({ name: 'throws', boot: ['#test-nodes/echo', '#test-nodes/failing-boot'] })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NodeStartError)
    expect((err as Error).message).toContain(
      "start() of boot module '#test-nodes/failing-boot' threw: Error: boot module refused to start",
    )
  })

  test('a boot module that does not import is named in NodeStartError', async ({ cluster }) => {
    const err = await cluster
      .startNode({ name: 'missing', boot: ['./no-such-boot.ts'], startTimeoutMs: slow })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NodeStartError)
    expect((err as Error).message).toContain(
      `boot module '${pathToFileURL(resolve(here, 'no-such-boot.ts')).href}' could not be imported`,
    )
  })
})
