import {
  CallTimeoutError,
  ModuleImportError,
  NodeDownError,
  NodeNotRunningError,
  NotCloneableError,
  RemoteCallError,
  remote,
  UnknownExportError,
  UnknownNodeError,
} from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

describe('call', () => {
  test('runs the function inside the node and structured-clones args and result', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const value = {
      map: new Map([['a', 1n]]),
      when: new Date(0),
      set: new Set([1, 2]),
      bytes: new Uint8Array([1, 2]),
    }
    expect(await cluster.call(n1!, Echo.echo, [value])).toEqual(value)
    const me = await cluster.call(n1!, Echo.whoami, [])
    expect(me.name).toBe(n1!.name)
    expect(me.pid).toBe(n1!.pid)
    expect(me.pid).not.toBe(process.pid)
  })

  test('accepts a node name as well as a handle', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    expect(await cluster.call(n1!.name, Echo.echo, ['by name'])).toBe('by name')
  })

  test('a throwing function becomes RemoteCallError with the remote name, message and stack', async ({
    cluster,
  }) => {
    const [n1] = await cluster.startNodes(1)
    const err = await cluster.call(n1!, Echo.fail, ['boom']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RemoteCallError)
    const remoteErr = err as RemoteCallError
    expect(remoteErr.remoteName).toBe('TypeError')
    expect(remoteErr.remoteMessage).toBe('boom')
    expect(remoteErr.remoteStack).toMatch(/echo\.js/)
    expect(remoteErr.message).toContain(n1!.name)
    expect(remoteErr.message).toContain('echo.fail')
    expect(remoteErr.node).toBe(n1!.name)
  })

  test('an unknown export is named with the exports the module has', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const Wrong = remote<{ nope(): void }>('#test-nodes/echo')
    const err = await cluster.call(n1!, Wrong.nope, []).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnknownExportError)
    expect((err as UnknownExportError).availableExports).toContain('echo')
    expect((err as Error).message).toMatch(/no function export 'nope'.*echo/)
  })

  test('an unknown module is named clearly', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const Missing = remote<{ f(): void }>('#test-nodes/does-not-exist')
    const err = await cluster.call(n1!, Missing.f, []).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ModuleImportError)
    expect(err).not.toBeInstanceOf(UnknownExportError)
    expect((err as Error).message).toContain("could not import '#test-nodes/does-not-exist'")
  })

  test('a non-cloneable argument is rejected before anything is sent, and the node carries on', async ({
    cluster,
  }) => {
    const [n1] = await cluster.startNodes(1)
    const err = await cluster.call(n1!, Echo.echo, [() => 1]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotCloneableError)
    expect((err as Error).message).toMatch(/argument of echo\.echo for node .* is not structured-cloneable/)
    expect(await cluster.call(n1!, Echo.echo, [42])).toBe(42)
  })

  test('a non-cloneable result is reported as such', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const err = await cluster.call(n1!, Echo.returnsFunction, []).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotCloneableError)
    expect((err as Error).message).toContain('result of echo.returnsFunction')
  })

  test('a call that never answers fails with CallTimeoutError', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const err = await cluster.call(n1!, Echo.hang, [], { timeoutMs: 150 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CallTimeoutError)
    expect((err as Error).message).toMatch(/echo\.hang on node .* did not answer within 150 ms/)
  })

  test('a node dying mid-call fails the call at once with NodeDownError', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    const pending = cluster.call(n1!, Echo.hang, [], { timeoutMs: 60_000 })
    await cluster.call(n1!, Echo.print, ['last words'])
    await cluster.call(n1!, Echo.exitSoon, [3])
    const started = performance.now()
    const err = await pending.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NodeDownError)
    const down = err as NodeDownError
    expect(down.exitCode).toBe(3)
    expect(down.logTail).toContain('last words')
    expect(down.message).toContain('echo.hang')
    // "At once" means long before the 60 s call timeout, not a speed goal.
    expect(performance.now() - started).toBeLessThan(30_000)
    expect(cluster.node(n1!.name).status).toBe('crashed')
  })

  test('unknown and stopped nodes are refused with typed errors', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    await expect(cluster.call('nobody', Echo.echo, [1])).rejects.toBeInstanceOf(UnknownNodeError)
    await expect(cluster.call('nobody', Echo.echo, [1])).rejects.toThrow(/no node named 'nobody' \(known: /)
    await cluster.stopNode(n1!)
    await expect(cluster.call(n1!, Echo.echo, [1])).rejects.toBeInstanceOf(NodeNotRunningError)
  })

  test('calls to different nodes run concurrently', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2)
    const slow = cluster.call(n1!, Echo.hang, [], { timeoutMs: 60_000 }).catch(() => 'ended')
    expect(await cluster.call(n2!, Echo.echo, ['not blocked'])).toBe('not blocked')
    await cluster.killNode(n1!)
    expect(await slow).toBe('ended')
  })

  test('cast is fire and forget; its failure lands in the node log', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1)
    cluster.cast(n1!, Echo.fail, ['cast went wrong'])
    const { waitUntil } = await import('handoff-harness')
    await waitUntil(() => expect(cluster.logs(n1!)).toContain('cast went wrong'))
  })
})
