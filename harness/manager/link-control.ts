/**
 * Partitions and link faults, as the manager orders them. The manager keeps no network of its own: each
 * order goes to the node whose mesh applies it on its links (`block`/`unblock` cut or restore links to
 * named peers; `fault` shapes one direction of one link). The partitions in force are remembered here,
 * so that a node started or restarted during a partition is told at boot which peers it must not reach,
 * and so that `heal` knows what to undo.
 *
 * When the launcher has a network of its own (netns), cuts, blackholes and loss are also — for
 * blackholes and loss, only — packet drops in it, so they reach every connection of the node, not
 * just the mesh: the drop share of a direction is 1 while a partition separates the two places or
 * a blackhole is set, else its loss. Partitions still tell the mesh too, so that both sides see the
 * other go down at once and `heal` resolves when the links are back, as on loopback. Delay is the
 * kernel's alone where it can delay (`launcher.delayLayer`, see harness/netns/network.ts), else the
 * mesh's. Backend hosts of the launcher (not nodes) can be named in partition groups and link faults;
 * they get the kernel's faults only.
 */
import {
  delayFault,
  faultDelay,
  type LinkDelay,
  type LinkFault,
  NO_DELAY,
  type ResolvedLinkDelay,
} from '../faults/index.js'
import type { NodeRef } from '../types.js'
import type { Launcher } from './launcher.js'
import type { ManagedNode } from './managed-node.js'
import type { NodeTable } from './node-table.js'

const pair = (from: string, to: string): string => `${from}\0${to}`

/** The mesh-only delay warning is given once per process. */
let meshDelayWarned = false

export class LinkControl {
  /** Node name → the peers it must not reach. */
  private readonly blocked = new Map<string, Set<string>>()
  /** `from\0to` → the fault set on that direction (kept for the kernel drop share). */
  private readonly faults = new Map<string, LinkFault>()

  constructor(
    private readonly cluster: string,
    private readonly nodes: NodeTable,
    private readonly launcher: Launcher,
  ) {}

  async partition(groups: NodeRef[][]): Promise<void> {
    const names = groups.map((g) => g.map((r) => this.resolve(r)))
    const touched: Array<[string, string]> = []
    names.forEach((group, i) => {
      const others = names.filter((_, j) => j !== i).flat()
      for (const name of group) {
        const set = this.blocked.get(name) ?? new Set()
        for (const o of others) {
          set.add(o)
          touched.push([name, o])
        }
        this.blocked.set(name, set)
      }
    })
    await this.applyDrops(touched)
    const orders: Array<Promise<void>> = []
    names.forEach((group, i) => {
      const others = names
        .filter((_, j) => j !== i)
        .flat()
        .filter((n) => !this.launcher.isHost(n))
      for (const name of group) {
        if (this.launcher.isHost(name)) continue
        orders.push(this.nodes.control(name, (id) => ({ type: 'block', id, peers: others })))
      }
    })
    await Promise.all(orders)
  }

  async heal(): Promise<void> {
    const was = [...this.blocked]
    this.blocked.clear()
    await this.applyDrops(was.flatMap(([name, peers]) => [...peers].map((p): [string, string] => [name, p])))
    const orders = was
      .filter(([name]) => !this.launcher.isHost(name))
      .map(([name, peers]) => {
        const all = [...peers].filter((p) => !this.launcher.isHost(p))
        const live = all.filter((p) => this.nodes.get(p)?.process?.alive)
        return this.nodes.control(name, (id) => ({ type: 'unblock', id, peers: all, waitFor: live }))
      })
    await Promise.all(orders)
  }

  async setLinkFault(from: NodeRef, to: NodeRef, fault: LinkFault | null): Promise<void> {
    const a = this.resolve(from)
    const b = this.resolve(to)
    if (fault?.delayMs !== undefined && fault.delayMs > 0) this.checkMeshDelay(a, b)
    let meshFault = fault
    if (this.launcher.links !== undefined) {
      if (fault === null) this.faults.delete(pair(a, b))
      else this.faults.set(pair(a, b), fault)
      await this.applyDrops([[a, b]])
      const delay = fault?.delayMs !== undefined && fault.delayMs > 0
      const meshDelays = delay && this.launcher.delayLayer === 'mesh'
      meshFault = meshDelays ? delayFault(faultDelay(fault)) : null
    }
    if (this.launcher.isHost(a) || this.launcher.isHost(b)) return
    await this.nodes.control(a, (id) => ({ type: 'fault', id, peer: b, fault: meshFault }))
  }

  blackhole(from: NodeRef, to: NodeRef): Promise<void> {
    return this.setLinkFault(from, to, { blackhole: true })
  }

  setLinkDelay(from: NodeRef, to: NodeRef, delay: LinkDelay): Promise<void> {
    return this.setLinkFault(from, to, delayFault(delay))
  }

  /** Throws (not rejects) on a bad probability, as `Cluster.setLinkLoss` always has. */
  setLinkLoss(from: NodeRef, to: NodeRef, probability: number): Promise<void> {
    if (!(probability >= 0 && probability <= 1))
      throw new RangeError(`loss probability must be in [0, 1], got ${probability}`)
    return this.setLinkFault(from, to, { loss: probability })
  }

  async clearLinkFaults(): Promise<void> {
    const running = this.nodes.inStartOrder()
    const withHosts = [...this.faults.keys()].map((k) => k.split('\0') as [string, string])
    await Promise.all([
      ...running.flatMap((a) => running.filter((b) => b !== a).map((b) => this.setLinkFault(a, b, null))),
      ...withHosts.map(([a, b]) => this.setLinkFault(a, b, null)),
    ])
  }

  /** The partitions in force that involve `self`, from either side; recorded as its own so that `heal`
   * unblocks the new process too. */
  blockedFor(self: ManagedNode): string[] {
    const own = this.blocked.get(self.name) ?? new Set<string>()
    for (const [other, peers] of this.blocked) if (peers.has(self.name)) own.add(other)
    if (own.size > 0) this.blocked.set(self.name, own)
    return [...own].filter((n) => !this.launcher.isHost(n))
  }

  /** A node's name, or a backend host's name when the launcher has one by that name. */
  /** On a network whose kernel cannot delay (netns without sch_netem) only the mesh delays: say so once,
   * and refuse a delay towards a backend host, which has no mesh (it would silently do nothing). */
  private checkMeshDelay(a: string, b: string): void {
    if (this.launcher.links === undefined || this.launcher.delayLayer !== 'mesh') return
    const host = [a, b].find((n) => this.launcher.isHost(n))
    if (host !== undefined)
      throw new Error(
        `cluster ${this.cluster}: setLinkDelay cannot delay traffic of backend host '${host}': this ` +
          'kernel has no sch_netem and the host has no mesh; use a kernel with netem, or a LinkProxy',
      )
    if (meshDelayWarned) return
    meshDelayWarned = true
    process.emitWarning(
      `cluster ${this.cluster}: setLinkDelay delays mesh frames only: this kernel has no sch_netem, so ` +
        "a node's own connections (HTTP, a database) are not delayed. Use a kernel with netem " +
        '(CONFIG_NET_SCH_NETEM) for kernel delay; cluster.delayLayer tells which applies.',
      { code: 'HANDOFF_MESH_DELAY' },
    )
  }

  private resolve(ref: NodeRef): string {
    if (typeof ref === 'string' && this.launcher.isHost(ref)) return ref
    return this.nodes.lookup(ref).name
  }

  /** Sets the kernel drop share of both directions of each pair from what is in force now. */
  private async applyDrops(pairs: Array<[string, string]>): Promise<void> {
    const links = this.launcher.links
    if (links === undefined || pairs.length === 0) return
    const directions = pairs.flatMap(([a, b]) => [
      [a, b],
      [b, a],
    ])
    await links(
      directions.map(([from, to]) => ({
        from: from!,
        to: to!,
        drop: this.dropShare(from!, to!),
        delay: this.kernelDelay(from!, to!),
      })),
    )
  }

  private kernelDelay(from: string, to: string): ResolvedLinkDelay {
    const fault = this.faults.get(pair(from, to))
    if (this.launcher.delayLayer !== 'kernel' || fault?.delayMs === undefined) return NO_DELAY
    return { ms: fault.delayMs, jitterMs: fault.jitterMs ?? 0 }
  }

  private dropShare(from: string, to: string): number {
    if (this.blocked.get(from)?.has(to) || this.blocked.get(to)?.has(from)) return 1
    const fault = this.faults.get(pair(from, to))
    if (fault?.blackhole === true) return 1
    return fault?.loss ?? 0
  }
}
