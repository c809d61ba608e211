/**
 * One cluster's network of namespaces. A hub namespace holds a bridge; each host (a node, or a
 * backend server placed with `Cluster.addHost`) gets its own namespace, joined to the bridge by a veth
 * pair whose outer end (`p<k>`) stays in the hub and whose inner end (`eth0`, address 10.250.0.k/24)
 * sits in the host's namespace, with `lo` up so the host can also reach itself on 127.0.0.1.
 *
 * Faults live on the hub's ports, i.e. "in the switch" (link-plan.ts has the layout): packets towards
 * host k leave through `p<k>`, where a classic-BPF filter per source drops a share of them (1 for a
 * cut, p for loss) and, where the kernel has sch_netem, delays the rest in a netem leaf of their own.
 * Senders see nothing, as with a real switch that drops: TCP retransmits, a new connection hangs in
 * SYN_SENT. ARP is never dropped or delayed (the filters match IPv4 only).
 *
 * Why tc and not nftables/iptables: tc is part of iproute2, which the namespaces need anyway, so the
 * netns network needs no second package (this machine has neither nft nor iptables), and only tc can
 * delay. Kernels built without sch_netem (like this project's CI kernel) cannot delay at all: there
 * link delay stays in the mesh, and the cluster says so (`delayLayer`).
 */
import { execFileSync } from 'node:child_process'
import { batch, NetnsUnavailableError, netnsTools, run, type Tools } from './commands.js'
import { CLEAR_LINK, type LinkState, linkCommands, NETEM_PROBE, portCommands } from './link-plan.js'
import { clusterPrefix, hostAddress, SUBNET_BITS } from './plan.js'
import { own, release, sweepDeadRuns } from './sweep.js'

export interface NetHost {
  readonly name: string
  readonly namespace: string
  readonly address: string
  /** Host number: address suffix, hub port `p<index>`, filter priority as a source. */
  readonly index: number
}

let clustersStarted = 0
const FN = 'Cluster.start'

export class NetnsNetwork {
  readonly prefix: string
  private readonly hub: string
  private readonly hosts = new Map<string, Promise<NetHost>>()
  /** Every namespace this cluster tried to make, so `close` also removes a half-made one. */
  private readonly made = new Set<string>()
  /** `to\0from` → what the kernel applies to that direction now. */
  private readonly links = new Map<string, LinkState>()
  private hubReady: Promise<void> | undefined
  /** Filter changes run one batch at a time, in order: each batch assumes the ones before it ran. */
  private filterQueue: Promise<unknown> = Promise.resolve()
  private nextIndex = 1
  private closed = false

  private constructor(private readonly tools: Tools) {
    this.prefix = clusterPrefix(process.pid, ++clustersStarted)
    this.hub = `${this.prefix}-hub`
  }

  /** Throws NetnsUnavailableError when this machine cannot run it; sweeps what dead runs left. */
  static create(): NetnsNetwork {
    const tools = netnsTools()
    if (tools instanceof NetnsUnavailableError) throw tools
    sweepDeadRuns(tools.ip)
    netemAvailable(tools)
    return new NetnsNetwork(tools)
  }

  /** The host called `name`, created on first use; the same namespace and address afterwards (a
   * restarted node keeps its address and the faults that apply to it). */
  place(name: string): Promise<NetHost> {
    if (this.closed) return Promise.reject(new Error(`the netns network ${this.prefix} is closed`))
    let host = this.hosts.get(name)
    if (host === undefined) {
      host = this.create(name, this.nextIndex++)
      this.hosts.set(name, host)
      host.catch(() => this.hosts.delete(name))
    }
    return host
  }

  /** The command prefix that runs a program inside `host`'s namespace. */
  execPrefix(host: NetHost): string[] {
    return [this.tools.ip, 'netns', 'exec', host.namespace]
  }

  /** Whether this kernel delays packets (sch_netem); without it, setting a delay throws. */
  get kernelDelay(): boolean {
    return netemAvailable(this.tools)
  }

  /** Sets what the hub applies to packets from `from` to `to` (CLEAR_LINK clears). */
  async setLinks(changes: Array<{ from: NetHost; to: NetHost; state: LinkState }>): Promise<void> {
    const lines: string[] = []
    for (const { from, to, state } of changes) {
      const key = `${to.index}\0${from.index}`
      lines.push(...linkCommands(from, to, this.links.get(key) ?? CLEAR_LINK, state, this.kernelDelay))
      if (state.drop > 0 || state.delay.ms > 0 || state.delay.jitterMs > 0) this.links.set(key, state)
      else this.links.delete(key)
    }
    if (lines.length === 0) return
    const applied = this.filterQueue.then(() => batch(this.tools.tc, this.hub, lines, 'the netns fault'))
    this.filterQueue = applied.catch(() => {})
    await applied
  }

  /** Deletes every namespace of this cluster (which takes the veths, bridge and qdiscs with them). */
  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled(this.hosts.values())
    await Promise.all(
      [...this.made].map(async (ns) => {
        await run(this.tools.ip, ['netns', 'del', ns], 'Cluster.stop').catch(() => {})
        release(ns)
      }),
    )
  }

  // Set-up runs few processes (each `ip` start costs milliseconds, far more on a loaded machine): links
  // are created from the host's namespace straight into their target namespaces, in one batch with the
  // namespace itself; what must run inside a namespace (master, addresses, up) follows in parallel.

  private ensureHub(): Promise<void> {
    this.hubReady ??= (async () => {
      this.made.add(this.hub)
      own(this.tools.ip, this.hub)
      await batch(
        this.tools.ip,
        undefined,
        [`netns add ${this.hub}`, `link add br0 netns ${this.hub} up type bridge`],
        FN,
      )
    })()
    return this.hubReady
  }

  private async create(name: string, index: number): Promise<NetHost> {
    const address = hostAddress(index)
    await this.ensureHub()
    const ns = `${this.prefix}-h${index}`
    const port = `p${index}`
    this.made.add(ns)
    own(this.tools.ip, ns)
    await batch(
      this.tools.ip,
      undefined,
      [`netns add ${ns}`, `link add ${port} netns ${this.hub} type veth peer name eth0 netns ${ns}`],
      FN,
    )
    await Promise.all([
      batch(this.tools.ip, this.hub, [`link set ${port} master br0`, `link set ${port} up`], FN),
      batch(
        this.tools.ip,
        ns,
        [`addr add ${address}/${SUBNET_BITS} dev eth0`, 'link set eth0 up', 'link set lo up'],
        FN,
      ),
      batch(this.tools.tc, this.hub, portCommands(index), FN),
    ])
    return { name, namespace: ns, address, index }
  }
}

let netem: boolean | undefined

/** Whether `tc … netem` works here, tried once per process in a namespace of our own (named like a
 * cluster's, so a sweep takes it if we die in between): built in, or loaded on first use. */
function netemAvailable(tools: Tools): boolean {
  if (netem !== undefined) return netem
  const ns = `${clusterPrefix(process.pid, 0)}-probe`
  const quiet = { stdio: 'ignore' } as const
  try {
    execFileSync(tools.ip, ['netns', 'add', ns], quiet)
    execFileSync(tools.tc, ['-n', ns, ...NETEM_PROBE.split(' ')], quiet)
    netem = true
  } catch {
    netem = false
  } finally {
    try {
      execFileSync(tools.ip, ['netns', 'del', ns], quiet)
    } catch {
      // never made
    }
  }
  return netem
}
