/**
 * Watches the nodes a property started for exits the property did not ask for. The cluster marks a node
 * `crashed` when its process ends while it is running (a stopNode/killNode/restartNode marks it
 * `stopping` first, so those never count). A crash fails the property whatever its history says: a store
 * that takes its node down when its backend drops is exactly what a user runs the suite to learn.
 *
 * Two checks: a poll while the property runs (so it fails at once instead of waiting out its
 * deadlines), and `confirm()` when it ends, which pings every node still marked running — a process
 * that died in the last moments is only marked once its last log lines are in.
 */
import { type Cluster, NodeDownError, type NodeHandle, NodeNotRunningError, waitUntil } from 'handoff-harness'

/** A node that exited on its own during a property. */
export interface NodeCrash {
  readonly node: string
  readonly code: number | null
  readonly signal: string | null
  readonly logTail: string
}

/** `node x exited … (exit code 1)` followed by its log tail. */
export function describeCrash(crash: NodeCrash): string {
  const how = crash.signal !== null ? `signal ${crash.signal}` : `exit code ${String(crash.code)}`
  const tail = crash.logTail.trim() === '' ? '(the node wrote nothing to its log)' : crash.logTail.trimEnd()
  return `node ${crash.node} exited without the property asking for it (${how}); last log lines:\n${tail}`
}

// A trivial call that every node can answer (the runtime imports node: built-ins like any module).
const PING = { module: 'node:process', export: 'uptime' } as const

const POLL_MS = 25
const TAIL_LINES = 30

export class NodeWatch {
  private readonly watched = new Set<NodeHandle>()
  private timer: NodeJS.Timeout | undefined
  private found: NodeCrash | undefined
  private notify: ((crash: NodeCrash) => void) | undefined
  /** Resolves with the first crash seen (never resolves when none happens). */
  readonly crashed: Promise<NodeCrash>

  constructor(private readonly cluster: Cluster) {
    this.crashed = new Promise((resolve) => {
      this.notify = resolve
    })
  }

  /** Watches a node the property started (it stays watched across restarts: same handle). */
  add(node: NodeHandle): void {
    this.watched.add(node)
    this.timer ??= setInterval(() => this.scan(), POLL_MS)
    this.timer.unref()
  }

  /** The first crash seen so far. */
  get crash(): NodeCrash | undefined {
    return this.found
  }

  /** Pings every node still marked running; a dead one is waited for until it is marked. Resolves with
   * every crash seen. */
  async confirm(timeoutMs: number): Promise<NodeCrash[]> {
    this.scan()
    await Promise.all(
      [...this.watched]
        .filter((n) => n.status === 'running')
        .map(async (node) => {
          try {
            await this.cluster.call(node, PING, [], { timeoutMs })
          } catch (err) {
            if (!(err instanceof NodeDownError || err instanceof NodeNotRunningError)) return
            await waitUntil(() => node.status !== 'running', { timeoutMs, intervalMs: 10 }).catch(() => {})
          }
        }),
    )
    return this.crashes()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** Every watched node that has crashed so far (for the verdict: all of them, not just the first). */
  crashes(): NodeCrash[] {
    return [...this.watched].filter((n) => n.status === 'crashed').map((node) => this.describe(node))
  }

  private scan(): void {
    if (this.found !== undefined) return
    const first = [...this.watched].find((n) => n.status === 'crashed')
    if (first === undefined) return
    this.found = this.describe(first)
    this.notify?.(this.found)
    this.stop()
  }

  private describe(node: NodeHandle): NodeCrash {
    return {
      node: node.name,
      code: node.exit?.code ?? null,
      signal: node.exit?.signal ?? null,
      logTail: this.cluster.logs(node).split('\n').slice(-TAIL_LINES).join('\n'),
    }
  }
}
