/**
 * The network side of a Cluster: where its nodes run (the launcher, chosen by `network`), backend
 * hosts on that network, and the faults between them. `Cluster` extends this; every fault is handed to
 * LinkControl, which tells the nodes' mesh and, on netns, the kernel.
 */

import type { LinkDelay, LinkFault } from '../faults/index.js'
import { type BackendHost, NetnsLauncher } from '../netns/launcher.js'
import type { ClusterOptions, NetworkKind, NodeRef } from '../types.js'
import { type DelayLayer, type Launcher, LoopbackLauncher } from './launcher.js'
import type { LinkControl } from './link-control.js'

export function createLauncher(network: ClusterOptions['network'], wrap: readonly string[] = []): Launcher {
  if (!Array.isArray(wrap) || wrap.some((w) => typeof w !== 'string' || w === ''))
    throw new RangeError(
      `Cluster.start: wrap must be a list of non-empty strings, got ${JSON.stringify(wrap)}`,
    )
  if (network === undefined || network === 'loopback') return new LoopbackLauncher(wrap)
  if (network === 'netns') return new NetnsLauncher(wrap)
  throw new RangeError(`Cluster.start: network must be 'loopback' or 'netns', got ${JSON.stringify(network)}`)
}

/** Once per process: the warning that a netns cluster's delay is the mesh's only. */

export abstract class ClusterNetwork {
  abstract readonly name: string
  protected abstract readonly links: LinkControl
  protected abstract readonly launcher: Launcher

  /** Where this cluster's nodes run. */
  get network(): NetworkKind {
    return this.launcher.network
  }

  /** Where `setLinkDelay` takes effect. `'kernel'` (netns on a kernel with sch_netem): every packet
   * between the two nodes is delayed, whatever connection it belongs to. `'mesh'` (loopback; netns on a
   * kernel without sch_netem): only the mesh's frames are — a user's own HTTP between the nodes is not
   * delayed; a netns cluster then warns once (HANDOFF_MESH_DELAY) at its first `setLinkDelay`. */
  get delayLayer(): DelayLayer {
    return this.launcher.delayLayer
  }

  /** netns only: a namespace of its own on the cluster's network for a backend server (a database the
   * nodes use). Start the server with `host.exec` as command prefix, bound to `host.address`; name the
   * host in `partition` groups and link faults like a node. */
  addHost(name: string): Promise<BackendHost> {
    if (!(this.launcher instanceof NetnsLauncher))
      return Promise.reject(
        new Error(
          `cluster ${this.name}: addHost needs network: 'netns' (this cluster runs on ${this.network})`,
        ),
      )
    return this.launcher.addHost(name)
  }

  /** Nodes in different groups can no longer reach each other (both directions); resolves once every
   * cross-group link is down on both sides. Nodes named in no group keep their links. On netns, every
   * packet between the groups is dropped, whatever connection it belongs to. */
  partition(...groups: NodeRef[][]): Promise<void> {
    return this.links.partition(groups)
  }

  /** Undoes every partition; resolves once the links are back up. */
  heal(): Promise<void> {
    return this.links.heal()
  }

  /** Applies a fault to frames sent from `from` to `to` (one direction); `null` clears it. */
  setLinkFault(from: NodeRef, to: NodeRef, fault: LinkFault | null): Promise<void> {
    return this.links.setLinkFault(from, to, fault)
  }

  /** Drops every frame from `from` to `to` (one direction); the link stays up until heartbeats fail.
   * On netns: every packet from `from`'s address to `to`'s. */
  blackhole(from: NodeRef, to: NodeRef): Promise<void> {
    return this.links.blackhole(from, to)
  }

  /** Delays every frame from `from` to `to` by `ms` plus up to `jitterMs` (one direction). Where it is
   * applied is `delayLayer`: by the mesh (order kept), or by the kernel (every packet of every
   * connection; TCP puts jittered packets back in order). */
  setLinkDelay(from: NodeRef, to: NodeRef, delay: LinkDelay): Promise<void> {
    return this.links.setLinkDelay(from, to, delay)
  }

  /** Drops each frame from `from` to `to` with `probability`. On netns: each packet (TCP resends what
   * it loses, so there loss slows connections rather than losing messages). */
  setLinkLoss(from: NodeRef, to: NodeRef, probability: number): Promise<void> {
    return this.links.setLinkLoss(from, to, probability)
  }

  /** Clears every link fault between running nodes (and backend hosts). */
  clearLinkFaults(): Promise<void> {
    return this.links.clearLinkFaults()
  }
}
