/** Test helper: several replicas on one in-memory network, stopped together. */
import { DeltaCrdt, type DeltaCrdtOptions } from '../../fixtures/store/index.js'
import { MemoryNetwork } from '../support/memory-network.js'

export interface MemoryCluster {
  net: MemoryNetwork
  logs: string[]
  start(node: string, opts?: Partial<DeltaCrdtOptions<unknown>>): DeltaCrdt<unknown>
  /** Every replica lists every other live one as a neighbour. */
  mesh(): void
  replicas: Map<string, DeltaCrdt<unknown>>
  [Symbol.asyncDispose](): Promise<void>
}

export function memoryCluster(defaults: Partial<DeltaCrdtOptions<unknown>> = {}): MemoryCluster {
  const logs: string[] = []
  const net = new MemoryNetwork({ log: (node, line) => logs.push(`${node}: ${line}`) })
  const replicas = new Map<string, DeltaCrdt<unknown>>()
  return {
    net,
    logs,
    replicas,
    start(node, opts = {}) {
      const r = DeltaCrdt.start<unknown>({
        name: 'store',
        syncIntervalMs: 20,
        ...defaults,
        ...opts,
        transport: net.transport(node),
      })
      replicas.set(node, r)
      return r
    },
    mesh() {
      for (const [name, r] of replicas) r.setNeighbours([...replicas.keys()].filter((n) => n !== name))
    },
    async [Symbol.asyncDispose]() {
      await Promise.all([...replicas.values()].map((r) => r.stop({ flush: false })))
    },
  }
}
