/**
 * The store's calls recorded into a `History` (Jepsen style): each stash/pickup/remove is invoked and
 * completed on the test process's clock, and an error makes it indeterminate (`'info'`: it may still
 * have happened) rather than failing the run. `settleAndCheck` ends a workload: it waits until the
 * nodes agree (or the deadline passes), marks the history quiesced, reads every key on every node as
 * the final reads, and runs the checker.
 */
import type { NodeHandle } from 'handoff-harness'
import { type CheckOptions, type CheckReport, checkHistory, History, QUIESCED } from '../history/index.js'
import type { HandoffContext } from './context.js'
import { disagreements, readEverywhere } from './property.js'

export class RecordedStore {
  readonly history = new History()
  /** Errors by node, for the report. */
  readonly errors = new Map<string, number>()

  constructor(private readonly ctx: HandoffContext) {}

  stash(node: NodeHandle, key: string, value: unknown): Promise<boolean> {
    return this.record(node, { node: node.name, kind: 'write', key, value }, () =>
      this.ctx.stash(node, key, value),
    )
  }

  pickup(node: NodeHandle, key: string): Promise<boolean> {
    return this.record(node, { node: node.name, kind: 'read', key }, () => this.ctx.pickup(node, key))
  }

  remove(node: NodeHandle, key: string): Promise<boolean> {
    return this.record(node, { node: node.name, kind: 'delete', key }, () => this.ctx.remove(node, key))
  }

  mark(name: string, detail?: string): void {
    this.history.mark(name, detail)
  }

  /** Failed calls in total. */
  get errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0)
  }

  /** Waits for agreement, marks quiesced, reads everything everywhere, and checks the history. */
  async settleAndCheck(nodes: NodeHandle[], keys: string[], options: CheckOptions): Promise<CheckReport> {
    try {
      await this.ctx.eventually(async () => {
        const split = disagreements(await readEverywhere(this.ctx, nodes, keys), keys)
        if (split.length > 0) throw new Error(`nodes disagree on ${split.length} key(s): ${split[0]}`)
      }, 'every node to agree on every key')
    } catch {
      // The final reads below show the divergence; the checker reports it with the history.
    }
    this.mark(QUIESCED)
    await Promise.all(nodes.map(async (node) => Promise.all(keys.map((key) => this.pickup(node, key)))))
    return checkHistory(this.history, options)
  }

  private async record(
    node: NodeHandle,
    invocation: Parameters<History['invoke']>[0],
    call: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      await this.history.run(invocation, call)
      return true
    } catch {
      this.errors.set(node.name, (this.errors.get(node.name) ?? 0) + 1)
      return false
    }
  }
}

/** One line: counts and stable/visibility latency quantiles. */
export function summarize(report: CheckReport): string {
  const c = report.counts
  const q = (stats: CheckReport['latencies']['visibility']) =>
    stats.count === 0
      ? 'n/a'
      : ['0.5', '0.95', '0.99', '1']
          .map((k) => `${k === '1' ? 'max' : `p${Number(k) * 100}`} ${stats.quantiles[k]?.toFixed(1)}`)
          .join(' / ')
  return (
    `${c.ops} ops (${c.writes} stash, ${c.reads} pickup, ${c.deletes} remove; ${c.info} indeterminate): ` +
    `${c.lost} lost, ${c.stale} stale, ${c.divergent} divergent, ${c.phantom} phantom, ${c.neverRead} never read; ` +
    `visibility ms ${q(report.latencies.visibility)}; stable ms ${q(report.latencies.stable)}`
  )
}
