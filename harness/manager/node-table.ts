/**
 * The nodes of one cluster, by name, and the directory they learn their peers from. An entry outlives
 * its processes (a restart reuses it), so a name can be known but not running; `lookup` and `running`
 * turn those two cases into the typed errors a user sees (`UnknownNodeError`, `NodeNotRunningError`),
 * and `control` sends an order only to a live process, since a dead one has no mesh left to apply it.
 * The directory holds joined nodes with a live process and a mesh port that are not stopping; the
 * manager only tells nodes who is there, it never relays their traffic.
 */
import { UnknownNodeError } from '../errors.js'
import type { PeerAddress } from '../mesh/peer-address.js'
import type { NodeRef } from '../types.js'
import { callError } from './call-failure.js'
import type { RemoteFnRef } from './describe-fn.js'
import type { ManagedNode } from './managed-node.js'

export type ControlOrder = Parameters<NonNullable<ManagedNode['process']>['control']>[0]

export class NodeTable {
  private readonly byName = new Map<string, ManagedNode>()

  constructor(private readonly cluster: string) {}

  get(name: string): ManagedNode | undefined {
    return this.byName.get(name)
  }

  set(node: ManagedNode): void {
    this.byName.set(node.name, node)
  }

  all(): ManagedNode[] {
    return [...this.byName.values()]
  }

  /** Running nodes, in start order. */
  inStartOrder(): ManagedNode[] {
    return this.all()
      .filter((n) => n.status === 'running')
      .sort((a, b) => a.order - b.order)
  }

  lookup(ref: NodeRef): ManagedNode {
    const name = typeof ref === 'string' ? ref : ref.name
    const node = this.byName.get(name)
    if (node === undefined) throw new UnknownNodeError(name, this.cluster, [...this.byName.keys()])
    return node
  }

  /** `fn` is the call that needed the node, for the error. */
  running(ref: NodeRef, fn: RemoteFnRef | undefined): ManagedNode {
    const node = this.lookup(ref)
    const proc = node.process
    if (proc === undefined || !proc.alive)
      throw callError(node.name, fn, { kind: 'not-running', status: node.status })
    return node
  }

  control(name: string, build: ControlOrder): Promise<void> {
    const proc = this.byName.get(name)?.process
    return proc?.alive ? proc.control(build) : Promise.resolve()
  }

  /** The directory a starting node gets: every other meshed node. */
  peersFor(self: ManagedNode): PeerAddress[] {
    return this.all()
      .filter((n) => meshed(n, self))
      .map(peerAddress)
  }

  /** Tells every other meshed node that `self` joined. */
  announce(self: ManagedNode): void {
    for (const n of this.byName.values()) {
      if (meshed(n, self)) n.process!.send({ type: 'peer-joined', peer: peerAddress(self) })
    }
  }

  /** Tells every other node that `node` is gone, so their meshes stop redialling it. */
  tellPeersGone(node: ManagedNode): void {
    for (const other of this.byName.values()) {
      if (other !== node) other.process?.send({ type: 'peer-left', name: node.name })
    }
  }
}

function peerAddress(n: ManagedNode): PeerAddress {
  return { name: n.name, host: n.address, port: n.meshPort }
}

function meshed(n: ManagedNode, self: ManagedNode): boolean {
  return n !== self && n.joined && n.meshPort > 0 && (n.process?.alive ?? false) && n.status !== 'stopping'
}
