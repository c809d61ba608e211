/**
 * The netns launcher: each node in a network namespace of its own (network.ts), started with
 * `ip netns exec <ns> node …` (through `setpriv --pdeathsig`, like every node: `ip netns exec` execs,
 * so the node keeps the pid, the IPC control channel and the parent-death signal). Partitions,
 * blackholes and loss become packet drops in the cluster's hub, and delay a netem queue there where the
 * kernel has sch_netem (else the mesh delays, and `delayLayer` says so); backend hosts (`Cluster.addHost`)
 * are places without a node process, so a partition can separate a node from its database.
 */
import type { DelayLayer, Launcher, LinkChange } from '../manager/launcher.js'
import { NodeProcess } from '../manager/node-process.js'
import { type NetHost, NetnsNetwork } from './network.js'

/** A backend server's place (`Cluster.addHost`). */
export interface BackendHost {
  readonly name: string
  /** Its address on the cluster's network (10.250.0.x): bind the server to it. */
  readonly address: string
  readonly namespace: string
  /** Command prefix that runs a program inside the host's namespace: `[...host.exec, 'redis-server', …]`. */
  readonly exec: readonly string[]
}

export class NetnsLauncher implements Launcher {
  readonly network = 'netns'
  readonly warmPool = false
  readonly net: NetnsNetwork
  private readonly placed = new Map<string, NetHost>()
  private readonly hosts = new Set<string>()

  /** Throws NetnsUnavailableError when this machine cannot run namespaces. `wrap` (ClusterOptions.wrap)
   * runs inside the node's namespace, between `ip netns exec` and node. */
  constructor(private readonly wrap: readonly string[] = []) {
    this.net = NetnsNetwork.create()
  }

  async place(name: string): Promise<string> {
    const host = await this.net.place(name)
    this.placed.set(name, host)
    return host.address
  }

  /** A place for a backend server (not a node): its address and the command prefix to run in it. */
  async addHost(name: string): Promise<BackendHost> {
    if (this.placed.has(name) && !this.hosts.has(name))
      throw new Error(`'${name}' is already a node of this cluster; give the host another name`)
    this.hosts.add(name)
    await this.place(name)
    const host = this.placed.get(name)!
    return { name, address: host.address, namespace: host.namespace, exec: this.net.execPrefix(host) }
  }

  isHost(name: string): boolean {
    return this.hosts.has(name)
  }

  spawn(name: string, execArgv: string[], env: Record<string, string>): NodeProcess {
    const host = this.placed.get(name)
    if (host === undefined) throw new Error(`node ${name} has no namespace yet (place it first)`)
    return new NodeProcess(execArgv, env, [...this.net.execPrefix(host), ...this.wrap])
  }

  get delayLayer(): DelayLayer {
    return this.net.kernelDelay ? 'kernel' : 'mesh'
  }

  readonly links = async (changes: LinkChange[]): Promise<void> => {
    const resolved = changes.flatMap(({ from, to, drop, delay }) => {
      const a = this.placed.get(from)
      const b = this.placed.get(to)
      return a === undefined || b === undefined ? [] : [{ from: a, to: b, state: { drop, delay } }]
    })
    await this.net.setLinks(resolved)
  }

  close(): Promise<void> {
    return this.net.close()
  }
}
