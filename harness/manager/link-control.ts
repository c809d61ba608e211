/**
 * Partitions and link faults, as the manager orders them. The manager keeps no network of its own: each
 * order goes to the node whose mesh applies it on its links (`block`/`unblock` cut or restore links to
 * named peers; `fault` shapes one direction of one link). The partitions in force are remembered here,
 * so that a node started or restarted during a partition is told at boot which peers it must not reach,
 * and so that `heal` knows what to undo.
 */
import type { LinkFault } from '../protocol.js'
import type { NodeRef } from '../types.js'
import type { ManagedNode } from './managed-node.js'
import type { NodeTable } from './node-table.js'

export class LinkControl {
  /** Node name → the peers it must not reach. */
  private readonly blocked = new Map<string, Set<string>>()

  constructor(private readonly nodes: NodeTable) {}

  async partition(groups: NodeRef[][]): Promise<void> {
    const names = groups.map((g) => g.map((r) => this.nodes.lookup(r).name))
    const orders: Array<Promise<void>> = []
    names.forEach((group, i) => {
      const others = names.filter((_, j) => j !== i).flat()
      for (const name of group) {
        const set = this.blocked.get(name) ?? new Set()
        for (const o of others) set.add(o)
        this.blocked.set(name, set)
        orders.push(this.nodes.control(name, (id) => ({ type: 'block', id, peers: others })))
      }
    })
    await Promise.all(orders)
  }

  async heal(): Promise<void> {
    const orders = [...this.blocked].map(([name, peers]) => {
      const all = [...peers]
      const live = all.filter((p) => this.nodes.get(p)?.process?.alive)
      return this.nodes.control(name, (id) => ({ type: 'unblock', id, peers: all, waitFor: live }))
    })
    this.blocked.clear()
    await Promise.all(orders)
  }

  async setLinkFault(from: NodeRef, to: NodeRef, fault: LinkFault | null): Promise<void> {
    const peer = this.nodes.lookup(to).name
    await this.nodes.control(this.nodes.lookup(from).name, (id) => ({ type: 'fault', id, peer, fault }))
  }

  blackhole(from: NodeRef, to: NodeRef): Promise<void> {
    return this.setLinkFault(from, to, { blackhole: true })
  }

  setLinkDelay(from: NodeRef, to: NodeRef, delay: { ms: number; jitterMs?: number }): Promise<void> {
    return this.setLinkFault(from, to, { delayMs: delay.ms, jitterMs: delay.jitterMs ?? 0 })
  }

  /** Throws (not rejects) on a bad probability, as `Cluster.setLinkLoss` always has. */
  setLinkLoss(from: NodeRef, to: NodeRef, probability: number): Promise<void> {
    if (!(probability >= 0 && probability <= 1))
      throw new RangeError(`loss probability must be in [0, 1], got ${probability}`)
    return this.setLinkFault(from, to, { loss: probability })
  }

  async clearLinkFaults(): Promise<void> {
    const running = this.nodes.inStartOrder()
    await Promise.all(
      running.flatMap((a) => running.filter((b) => b !== a).map((b) => this.setLinkFault(a, b, null))),
    )
  }

  /** The partitions in force that involve `self`, from either side; recorded as its own so that `heal`
   * unblocks the new process too. */
  blockedFor(self: ManagedNode): string[] {
    const own = this.blocked.get(self.name) ?? new Set<string>()
    for (const [other, peers] of this.blocked) if (peers.has(self.name)) own.add(other)
    if (own.size > 0) this.blocked.set(self.name, own)
    return [...own]
  }
}
