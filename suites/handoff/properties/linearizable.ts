/**
 * `linearizable` (opt-in): for stores that promise more than convergence. Two clients on every node
 * read, write, compare-and-set and now and then delete a few shared keys, as fast as the store answers,
 * while a seeded nemesis kills, pauses, restarts, partitions and delays nodes (and cuts the store's own
 * links, when the target has them). Every call enters a history on the test process's clock; the
 * checker (`checkLinearizability`) then looks for one order of all of them that a single register per
 * key could have produced. A call refused because its node was down certainly did not happen (`fail`);
 * any other error or timeout may or may not have (`info`). On a violation the failure shows the
 * smallest window of operations that cannot be ordered, writes an HTML timeline next to the node logs,
 * and prints the line that replays the fault schedule.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type NemesisFault,
  type NodeHandle,
  NodeNotRunningError,
  remote,
  UnknownExportError,
} from 'handoff-harness'
import {
  checkLinearizability,
  counterexampleTimeline,
  formatLinReport,
  LinHistory,
} from '../../linearizability/index.js'
import type { HandoffProperty } from '../property.js'
import type { HandoffStoreModule } from '../target.js'

export interface LinearizableOptions {
  /** Nemesis seed. Default: `HANDOFF_NEMESIS_SEED`, else random (printed on failure for replay). */
  seed?: number
  /** Faults to draw from. Default: kill, pause, restart, partition, delay. */
  faults?: NemesisFault[]
  /** A fault starts every `intervalMs` (time factor applied). Default 600. */
  intervalMs?: number
  /** Length of the workload, ms (time factor applied). Default 3000. */
  workloadMs?: number
  /** Shared keys. Default 4. */
  keys?: number
  /** Clients per node. Default 2. */
  clientsPerNode?: number
  /** The checker's time budget, ms. Default 20 000. */
  checkBudgetMs?: number
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Fewer ok operations than this and the run proves nothing: it fails rather than passing vacuously. */
const MIN_OK_OPS = 30

export const linearizable: HandoffProperty = {
  id: 'linearizable',
  title:
    'reads, writes, compare-and-sets and deletes from clients on every node, under a seeded nemesis, are linearizable',
  async run(ctx) {
    const o = ctx.target.linearizable ?? {}
    const f = ctx.cluster.timeFactor
    const store = remote<Required<HandoffStoreModule>>(ctx.target.module)
    const nodes = await ctx.startNodes()
    const keys = Array.from({ length: o.keys ?? 4 }, (_, i) => ctx.key(`lin${i}`))
    const history = new LinHistory()
    const timeoutMs = ctx.timing.opTimeoutMs
    const classify = (err: unknown): 'fail' | 'info' => (err instanceof NodeNotRunningError ? 'fail' : 'info')
    let missingCas: Error | undefined

    const clientLoop = async (node: NodeHandle, client: string, until: number) => {
      // The last value this client saw per key: what its next compare-and-set expects.
      const seen = new Map<string, unknown>()
      for (let seq = 0; performance.now() < until && missingCas === undefined; seq++) {
        const key = keys[Math.floor(Math.random() * keys.length)]!
        const dice = Math.random()
        const opts = { timeoutMs }
        try {
          if (dice < 0.45) {
            const value = await history.run(
              { client, key, kind: 'read' },
              () => ctx.cluster.call(node, store.pickup, [key], opts),
              classify,
            )
            seen.set(key, value)
          } else if (dice < 0.7 || seen.get(key) === undefined) {
            const value = `${client}#${seq}`
            await history.run(
              { client, key, kind: 'write', value },
              () => ctx.cluster.call(node, store.stash, [key, value], opts),
              classify,
            )
            seen.set(key, value)
          } else if (dice < 0.95) {
            const expected = seen.get(key)
            const value = `${client}#${seq}`
            const swapped = await history.run(
              { client, key, kind: 'cas', expected, value },
              () => ctx.cluster.call(node, store.cas, [key, expected, value], opts),
              classify,
            )
            if (typeof swapped !== 'boolean')
              ctx.fail(
                `${ctx.target.module} cas() on ${node.name} returned ${String(swapped)}, not a boolean`,
              )
            if (swapped) seen.set(key, value)
          } else {
            await history.run(
              { client, key, kind: 'delete' },
              () => ctx.cluster.call(node, store.remove, [key], opts),
              classify,
            )
            seen.delete(key)
          }
        } catch (err) {
          if (err instanceof UnknownExportError) missingCas = err
          // Down or unreachable: give the nemesis's heal a moment instead of spinning.
          await pause(20)
        }
      }
    }

    const nemesis = ctx.cluster.nemesis({
      ...(o.seed === undefined ? {} : { seed: o.seed }),
      ...(o.faults === undefined ? {} : { faults: o.faults }),
      intervalMs: (o.intervalMs ?? 600) * f,
      nodes,
      onEvent: (e) => history.event(`${e.fault} ${e.phase}`, e.description, e.time),
      network: {
        partition: (groups) => ctx.target.links?.partition(groups),
        heal: () => ctx.target.links?.heal(),
      },
    })
    const until = performance.now() + (o.workloadMs ?? 3000) * f
    try {
      await Promise.all(
        // Short client names (n1.0: node 1's first client) keep the values and the report readable.
        nodes.flatMap((node, i) =>
          Array.from({ length: o.clientsPerNode ?? 2 }, (_, c) => clientLoop(node, `n${i + 1}.${c}`, until)),
        ),
      )
    } finally {
      await nemesis.stop()
    }
    if (missingCas !== undefined)
      ctx.fail(
        `${ctx.target.module} must export cas(key, expected, value) → boolean for the linearizable property: ${missingCas.message}`,
      )

    const ops = history.ops()
    const ok = ops.filter((op) => op.result === 'ok').length
    const result = checkLinearizability(ops, { timeBudgetMs: o.checkBudgetMs ?? 20_000 })
    const counts = `${ops.length} ops (${ok} ok, ${ops.filter((op) => op.result === 'info').length} indeterminate, ${ops.filter((op) => op.result === 'fail').length} refused)`
    ctx.note(
      `${counts}; ${nemesis.summary()}; checker: ${result.verdict} in ${result.elapsedMs.toFixed(1)} ms`,
    )
    const replay = `replay: ${nemesis.replay}`
    if (ok < MIN_OK_OPS)
      ctx.fail(`only ${ok} of ${ops.length} calls succeeded: too few to judge linearizability. ${replay}`)
    if (result.verdict === 'linearizable') return
    let timeline = ''
    if (result.counterexample !== undefined) {
      const file = join(ctx.cluster.logDir, 'linearizability.html')
      const html = counterexampleTimeline(result.counterexample, { events: history.events() })
      await writeFile(file, `<!doctype html><meta charset="utf-8"><title>${ctx.target.name}</title>${html}\n`)
      timeline = `\ntimeline: ${file}`
    }
    ctx.fail(`${formatLinReport(result)}\n${counts}; ${nemesis.summary()}\n${replay}${timeline}`)
  },
}
