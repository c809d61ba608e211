/** The notes system behind the store contract (fixtures/notes-store), with no config at all. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { remoteName } from './notes-setup.js'

const STORE = 'handoff-harness/fixtures/notes-store'
const Store = remote<typeof import('handoff-harness/fixtures/notes-store')>(STORE)

describe('notes-store: stash / pickup / remove over note ids', () => {
  test('structured values round-trip; same-node read at once, other nodes within a deadline', async ({
    cluster,
  }) => {
    // No config.primary: the cluster's first node (<cluster>-1) is the primary.
    const [n1, n2, n3] = await cluster.startNodes(3, { boot: [STORE] })
    const value = { id: 'ABYZ', at: new Date(0), seen: new Map([['x', 1n]]), gone: undefined }
    await cluster.call(n2!, Store.stash, ['the_key', value])
    expect(await cluster.call(n2!, Store.pickup, ['the_key'])).toEqual(value)
    for (const n of [n1!, n3!]) {
      await waitUntil(async () => expect(await cluster.call(n, Store.pickup, ['the_key'])).toEqual(value))
    }
    expect(await cluster.call(n3!, Store.pickup, ['missing'])).toBeUndefined()

    await cluster.call(n3!, Store.stash, ['the_key', 'second'])
    await cluster.call(n3!, Store.remove, ['other'])
    await waitUntil(async () => expect(await cluster.call(n2!, Store.pickup, ['the_key'])).toBe('second'))
    await cluster.call(n1!, Store.remove, ['the_key'])
    for (const n of [n1!, n2!, n3!]) {
      await waitUntil(async () => expect(await cluster.call(n, Store.pickup, ['the_key'])).toBeUndefined())
    }
  })

  test('a value stashed just before its writer stops gracefully is on the survivors', async ({ cluster }) => {
    const [, writer, other] = await cluster.startNodes(3, { boot: [STORE] })
    await cluster.call(writer!, Store.stash, ['session', { round: 3 }])
    await cluster.stopNode(writer!)
    await waitUntil(async () =>
      expect(await cluster.call(other!, Store.pickup, ['session'])).toEqual({ round: 3 }),
    )
  })

  test('without the primary, stash fails with NoPrimaryError and pickup serves the last value', async ({
    cluster,
  }) => {
    const [primary, n2] = await cluster.startNodes(2, { boot: [STORE] })
    await cluster.call(n2!, Store.stash, ['k', 1])
    await cluster.stopNode(primary!)
    const err = await cluster.call(n2!, Store.stash, ['k', 2]).catch((e: unknown) => e)
    expect(remoteName(err)).toBe('NoPrimaryError')
    expect(await cluster.call(n2!, Store.pickup, ['k'])).toBe(1)
    const keyErr = await cluster.call(n2!, Store.pickup, ['root']).catch((e: unknown) => e)
    expect(remoteName(keyErr)).toBe('InvalidNoteError')
  })
})
