/**
 * The live in-node API object: what `import { node } from 'handoff-harness/node'` returns inside a child.
 * It is a thin facade over the node's mesh and its init message. In the test process nothing installs
 * it, and every member throws a clear error instead of misbehaving quietly.
 */

import type { InitMessage } from '../control-channel.js'
import type { Mesh } from '../mesh/mesh.js'
import type { DownReason, NodeApi, RequestOptions, ServiceHandler } from '../node-api.js'

export class NotInNodeError extends Error {
  override name = 'NotInNodeError'
  constructor(member: string) {
    super(
      `node.${member} is only available inside a cluster node (code loaded by a boot module or cluster.call); ` +
        `in the test process use the Cluster from 'handoff-harness'`,
    )
  }
}

interface Installed {
  init: InitMessage
  mesh: Mesh
  shutdownHooks: Array<() => unknown>
  log(line: string): void
}

let installed: Installed | undefined

export function installNode(state: Installed): void {
  installed = state
}

function current(member: string): Installed {
  if (installed === undefined) throw new NotInNodeError(member)
  return installed
}

class NodeFacade implements NodeApi {
  get name(): string {
    return current('name').init.name
  }
  get cluster(): string {
    return current('cluster').init.cluster
  }
  get config(): Readonly<Record<string, unknown>> {
    return current('config').init.config
  }
  get ports(): Readonly<Record<string, number>> {
    return current('ports').init.ports
  }
  get timeFactor(): number {
    return current('timeFactor').init.timeFactor
  }
  peers(): string[] {
    return current('peers').mesh.peers()
  }
  onNodeUp(listener: (peer: string) => void): () => void {
    return current('onNodeUp').mesh.onUp(listener)
  }
  onNodeDown(listener: (peer: string, reason: DownReason) => void): () => void {
    return current('onNodeDown').mesh.onDown(listener)
  }
  handle(service: string, handler: ServiceHandler): () => void {
    return current('handle').mesh.handle(service, handler)
  }
  send(peer: string, service: string, msg: unknown): void {
    current('send').mesh.send(peer, service, msg)
  }
  request<R = unknown>(peer: string, service: string, msg: unknown, opts?: RequestOptions): Promise<R> {
    const state = current('request')
    const timeoutMs = opts?.timeoutMs ?? 5000 * state.init.timeFactor
    return state.mesh.request(peer, service, msg, timeoutMs) as Promise<R>
  }
  onShutdown(hook: () => unknown): void {
    current('onShutdown').shutdownHooks.push(hook)
  }
  log(...parts: unknown[]): void {
    const state = current('log')
    state.log(parts.map((p) => (typeof p === 'string' ? p : inspectValue(p))).join(' '))
  }
}

function inspectValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

export const node: NodeApi = new NodeFacade()
