/**
 * The systems the store scenarios compare. Each is boot modules plus config for the nodes and an in-node
 * probe (nodes/probe-api.ts); `observers` says which nodes learn when a write became visible: the
 * readers (a replicated store: visible when applied there) or the writer (Redis: visible everywhere once
 * the server acknowledged it). Variants of the reference store: `push` (its default, deltas shipped at
 * once) and `interval-<n>ms` (push off: only the anti-entropy round ships changes — DeltaCrdt's timing);
 * `mesh-floor` is no store at all, the same writes as plain mesh messages: the floor under `push`;
 * `raw-tcp` is no harness on the path either, the writes as frames on plain sockets: the wire.
 */
import { type RemoteModule, remote } from 'handoff-harness'
import type { SyncProbe } from '../nodes/probe-api.js'
import type { BenchResult } from '../report/schema.js'
import { benchNodeModule, fixtureAvailable } from '../run/module-path.js'
import { findRedisServer, RedisServer } from '../run/redis-server.js'

export type Probe = RemoteModule<SyncProbe>

// Each probe module must implement the probe API (checked here, at compile time).
type Implements<M> = M extends SyncProbe ? true : false
const probesConform: [
  Implements<typeof import('../nodes/store-probe.js')>,
  Implements<typeof import('../nodes/redis-probe.js')>,
  Implements<typeof import('../nodes/registry-probe.js')>,
  Implements<typeof import('../nodes/mesh-probe.js')>,
  Implements<typeof import('../nodes/raw-tcp-probe.js')>,
] = [true, true, true, true, true]
void probesConform

export interface Prepared {
  boot: string[]
  config: Record<string, unknown>
  release(): Promise<void>
}

export interface SyncSystem {
  variant: string
  observers: 'readers' | 'writer'
  /** Why it cannot run here, or undefined. */
  unavailable(): string | undefined
  /** Starts what the system needs outside the nodes (e.g. a database); returns node config and a stop. */
  prepare(): Promise<Prepared>
  probe(): Probe
}

const probeOf = (name: string): Probe => remote<SyncProbe>(benchNodeModule(name))
const noFixture = (...names: string[]): string | undefined => {
  const missing = names.filter((n) => !fixtureAvailable(n))
  return missing.length === 0
    ? undefined
    : `skipped: fixture not available (fixtures/${missing.join(', fixtures/')})`
}

export function storeSystem(variant: string, benchStore: Record<string, unknown>): SyncSystem {
  return {
    variant,
    observers: 'readers',
    unavailable: () => noFixture('store'),
    prepare: async () => ({
      boot: [benchNodeModule('store-probe')],
      config: { benchStore },
      release: async () => {},
    }),
    probe: () => probeOf('store-probe'),
  }
}

/** The floor: the same paced writes as plain `node.send`s over the harness mesh, no store. */
export function meshFloorSystem(): SyncSystem {
  return {
    variant: 'mesh-floor',
    observers: 'readers',
    unavailable: () => undefined,
    prepare: async () => ({ boot: [benchNodeModule('mesh-probe')], config: {}, release: async () => {} }),
    probe: () => probeOf('mesh-probe'),
  }
}

/** The wire: the same paced writes as frames on plain loopback `net` sockets (nodes/raw-tcp-probe.ts),
 * in the same kind of node processes, so the gap to `mesh-floor` is what the harness mesh costs. */
export function rawTcpSystem(): SyncSystem {
  return {
    variant: 'raw-tcp',
    observers: 'readers',
    unavailable: () => undefined,
    prepare: async () => ({ boot: [benchNodeModule('raw-tcp-probe')], config: {}, release: async () => {} }),
    probe: () => probeOf('raw-tcp-probe'),
  }
}

export function redisSystem(): SyncSystem {
  const binary = findRedisServer()
  return {
    variant: 'redis',
    observers: 'writer',
    unavailable: () =>
      binary === undefined ? 'skipped: no redis-server binary on PATH' : noFixture('redis-store'),
    prepare: async () => {
      const server = await RedisServer.start(binary!)
      return {
        boot: ['handoff-harness/fixtures/redis-store', benchNodeModule('redis-probe')],
        // The fixture's 1 s default command timeout fails a pipelined 10k-key burst on a loaded machine
        // (the last replies come later than that); a timeout never fires in a passing measurement.
        config: { redisUrl: server.url, redisCommandTimeoutMs: 30_000 },
        release: () => server.stop(),
      }
    },
    probe: () => probeOf('redis-probe'),
  }
}

export function registrySystem(variant: string, registry: Record<string, unknown>): SyncSystem {
  return {
    variant,
    observers: 'readers',
    unavailable: () => noFixture('process', 'registry'),
    prepare: async () => ({
      boot: [
        'handoff-harness/fixtures/process',
        'handoff-harness/fixtures/registry',
        benchNodeModule('registry-probe'),
      ],
      config: { registry: { name: 'bench', ...registry } },
      release: async () => {},
    }),
    probe: () => probeOf('registry-probe'),
  }
}

export function syncSystems(): SyncSystem[] {
  return [
    storeSystem('push', { push: true }),
    storeSystem('interval-200ms', { push: false, syncIntervalMs: 200 }),
    storeSystem('interval-5ms', { push: false, syncIntervalMs: 5 }),
    redisSystem(),
    meshFloorSystem(),
    rawTcpSystem(),
  ]
}

export function byVariant(results: readonly BenchResult[], variant: string): BenchResult | undefined {
  return results.find((r) => r.variant === variant && r.status === 'ok')
}
