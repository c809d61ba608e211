/**
 * Test-only: a small last-writer-wins store replicated over the mesh, with switchable defects so the
 * conformance suites can be shown to catch them. Each entry carries a hybrid-logical-clock stamp
 * (wall ms, counter, node); a delete is a tombstone. A write is applied locally and shipped to every
 * connected peer (after `batchMs`, batched); a peer that comes up gets the whole state. A received
 * entry is applied when its stamp is newer — or, with the `blind` defect, whenever this node did not
 * write that key itself.
 *
 * Defects: `replicate: false` never ships anything; `flushOnStop: false` drops the pending batch on a
 * graceful stop; `blind: true` compares no stamps: a node's own write of a key always stands there,
 * and other nodes' writes are applied in arrival order. Concurrent writes of one key therefore never
 * agree, not even for a moment (applying every remote write blindly agrees briefly whenever one
 * node's batch lands everywhere first, and a poll can catch that).
 */
import { node } from 'handoff-harness/node'

type Stamp = readonly [wall: number, counter: number, origin: string]

interface Entry {
  readonly key: string
  readonly value: unknown
  readonly deleted: boolean
  readonly stamp: Stamp
}

export interface ReplicaOptions {
  replicate: boolean
  flushOnStop: boolean
  blind: boolean
  /** Ship writes after this long (0: within the same event-loop turn). */
  batchMs: number
}

const SERVICE = 'suite-lww'

function newer(a: Stamp, b: Stamp): boolean {
  if (a[0] !== b[0]) return a[0] > b[0]
  if (a[1] !== b[1]) return a[1] > b[1]
  return a[2] > b[2]
}

export class LwwReplica {
  private readonly entries = new Map<string, Entry>()
  private pending: Entry[] = []
  private timer: NodeJS.Timeout | undefined
  private wall = 0
  private counter = 0

  constructor(private readonly options: ReplicaOptions) {}

  start(): void {
    node.handle(SERVICE, (msg) => {
      for (const entry of msg as Entry[]) this.receive(entry)
    })
    node.onNodeUp((peer) => {
      if (this.options.replicate) node.send(peer, SERVICE, [...this.entries.values()])
    })
    node.onShutdown(() => {
      if (this.options.flushOnStop) this.flush()
      else this.pending = []
    })
  }

  stop(): void {
    clearTimeout(this.timer)
  }

  put(key: string, value: unknown, deleted = false): void {
    const entry: Entry = { key, value: deleted ? undefined : value, deleted, stamp: this.tick() }
    this.entries.set(key, entry)
    if (!this.options.replicate) return
    this.pending.push(entry)
    if (this.timer === undefined) {
      const ship = () => {
        this.timer = undefined
        this.flush()
      }
      this.timer = setTimeout(ship, this.options.batchMs)
    }
  }

  get(key: string): unknown {
    const entry = this.entries.get(key)
    return entry === undefined || entry.deleted ? undefined : entry.value
  }

  private flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) return
    for (const peer of node.peers()) node.send(peer, SERVICE, batch)
  }

  private receive(entry: Entry): void {
    this.observe(entry.stamp)
    const mine = this.entries.get(entry.key)
    const accept = this.options.blind
      ? mine === undefined || mine.stamp[2] !== node.name
      : mine === undefined || newer(entry.stamp, mine.stamp)
    if (accept) this.entries.set(entry.key, entry)
  }

  private tick(): Stamp {
    const now = Date.now()
    if (now > this.wall) {
      this.wall = now
      this.counter = 0
    } else {
      this.counter++
    }
    return [this.wall, this.counter, node.name]
  }

  private observe(stamp: Stamp): void {
    if (stamp[0] > this.wall) {
      this.wall = stamp[0]
      this.counter = stamp[1]
    } else if (stamp[0] === this.wall) {
      this.counter = Math.max(this.counter, stamp[1])
    }
  }
}

/** The boot + store module exports for one replica configuration. */
export function storeModule(options: ReplicaOptions) {
  const replica = new LwwReplica(options)
  return {
    start: () => replica.start(),
    stop: () => replica.stop(),
    stash: (key: string, value: unknown) => replica.put(key, value),
    pickup: (key: string) => replica.get(key),
    remove: (key: string) => replica.put(key, undefined, true),
  }
}
