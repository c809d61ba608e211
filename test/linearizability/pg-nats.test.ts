// The `linearizable` property against the shipped example targets on real servers: PostgreSQL
// (fixtures/pg-store) and a NATS JetStream KV bucket (fixtures/nats-kv-store), each started here on a
// free port and reached by every node through its own link proxy, so partitions cut the store's
// connections too. Skipped with the reason where the server binary is missing.
import { type HandoffTarget, proxiedBackend, runHandoffProperty } from 'handoff-harness/suites'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeKey } from '../../fixtures/nats-kv-store/index.js'
import { natsUnavailable, pgUnavailable, type Server, startNats, startPostgres } from './servers.js'

const SEED = 20261201

function reference(
  name: string,
  configKey: string,
  unavailable: string | undefined,
  start: () => Promise<Server>,
) {
  let server: Server | undefined
  const links = proxiedBackend({
    configKey,
    address: () => {
      if (server === undefined) throw new Error(`${name}: server not started`)
      return server.url
    },
  })
  describe.skipIf(unavailable !== undefined)(`linearizable: ${name} ${unavailable ?? ''}`, () => {
    beforeAll(async () => {
      server = await start()
    }, 60_000)
    afterAll(async () => {
      await links.close()
      await server?.stop()
    })
    it(`${name} is linearizable under the nemesis (seed ${SEED})`, async () => {
      const target: HandoffTarget = {
        name,
        module: `handoff-harness/fixtures/${name}`,
        links,
        capabilities: ['linearizable'],
        // Node starts are slow on a loaded 2-core machine; the nemesis restarts nodes too.
        nodeOptions: { startTimeoutMs: 30_000 },
        linearizable: { seed: SEED },
      }
      const result = await runHandoffProperty(target, 'linearizable')
      console.log(`${name}: ${result.notes.join('; ')}`)
      expect(result.status).toBe('pass')
      expect(result.notes[0]).toMatch(/checker: linearizable/)
    })
  })
}

reference('pg-store', 'pgUrl', pgUnavailable(), startPostgres)
reference('nats-kv-store', 'natsUrl', natsUnavailable(), startNats)

describe('nats-kv-store key escaping', () => {
  it('maps suite keys one-to-one onto the NATS key alphabet', () => {
    expect(escapeKey('hh1a2b3c:lin0')).toBe('hh1a2b3c_3alin0')
    expect(escapeKey('a_b')).toBe('a_5fb')
    expect(escapeKey('é')).toBe('_c3_a9')
    for (const k of ['a:b', 'a_3ab', 'x y', 'ü/=.-']) expect(escapeKey(k)).toMatch(/^[-/_=.a-zA-Z0-9]+$/)
    expect(escapeKey('a:b')).not.toBe(escapeKey('a_3ab'))
  })
})
