/**
 * One cluster's network of namespaces. A hub namespace holds a bridge; each host (a node, or a
 * backend server placed with `Cluster.addHost`) gets its own namespace, joined to the bridge by a veth
 * pair whose outer end (`p<k>`) stays in the hub and whose inner end (`eth0`, address 10.250.0.k/24)
 * sits in the host's namespace, with `lo` up so the host can also reach itself on 127.0.0.1.
 *
 * Faults live on the hub's ports, i.e. "in the switch": packets towards host k leave through `p<k>`,
 * whose root qdisc is an HTB with a pass class (1:1, the default) and a drop class (1:2, a `pfifo` of
 * length 0). A classic-BPF filter per source (priority = the source's host number) sends a share of
 * the packets from that source to the drop class: 1 for a cut, p for loss. Senders see nothing, as
 * with a real switch that drops: TCP retransmits, a new connection hangs in SYN_SENT. ARP is never
 * dropped (the filters match IPv4 only), so a heal needs no neighbour re-learning.
 *
 * Why tc and not nftables/iptables: tc is part of iproute2, which the namespaces need anyway, so the
 * netns network needs no second package (this machine has neither nft nor iptables). Why not netem for
 * delay: kernels built without sch_netem (like this one) have no kernel delay at all, so link delay
 * stays in the mesh (see link-control.ts).
 */
import { batch, NetnsUnavailableError, netnsTools, run, type Tools } from './commands.js'
import { clusterPrefix, dropProgram, hostAddress, SUBNET_BITS } from './plan.js'
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
  /** `to\0from` → drop probability installed in the kernel. */
  private readonly drops = new Map<string, number>()
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

  /** Sets the share of packets from `from` to `to` that the hub drops (0 clears). */
  async setDrops(changes: Array<{ from: NetHost; to: NetHost; probability: number }>): Promise<void> {
    const lines: string[] = []
    for (const { from, to, probability } of changes) {
      const key = `${to.index}\0${from.index}`
      const current = this.drops.get(key) ?? 0
      if (current === probability) continue
      const filter = `dev p${to.index} parent 1: prio ${from.index}`
      if (current > 0) lines.push(`filter del ${filter}`)
      if (probability > 0)
        lines.push(
          `filter add ${filter} protocol all bpf bytecode "${dropProgram(from.address, probability)}" flowid 1:2`,
        )
      if (probability > 0) this.drops.set(key, probability)
      else this.drops.delete(key)
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
      batch(
        this.tools.tc,
        this.hub,
        [
          `qdisc add dev ${port} root handle 1: htb default 1`,
          `class add dev ${port} parent 1: classid 1:1 htb rate 40gbit quantum 200000`,
          `class add dev ${port} parent 1: classid 1:2 htb rate 40gbit quantum 200000`,
          `qdisc add dev ${port} parent 1:2 handle 2: pfifo limit 0`,
        ],
        FN,
      ),
    ])
    return { name, namespace: ns, address, index }
  }
}
