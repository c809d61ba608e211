/**
 * Network faults, judged by the history checker: writes on both sides of a partition converge after
 * the heal with no acknowledged write lost, and a mixed workload under link delay loses nothing,
 * diverges nowhere and reads nothing stale past the settle window. Faults reach the mesh and the
 * store's own links (a server connection through link proxies). Writes that fail during a fault are
 * indeterminate, never lost: a store may refuse writes it cannot keep.
 */
import type { NodeHandle } from 'handoff-harness'
import { type CheckReport, formatReport } from '../../history/index.js'
import type { HandoffContext } from '../context.js'
import type { HandoffProperty } from '../property.js'
import { RecordedStore, summarize } from '../recorded-store.js'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function failUnlessValid(ctx: HandoffContext, report: CheckReport): void {
  if (!report.valid) ctx.fail(`history check failed:\n${formatReport(report, { maxPerSection: 5 })}`)
}

export const partitionHealConverges: HandoffProperty = {
  id: 'partition-heal-converges',
  title: 'stashes on both sides of a partition converge after the heal, none acknowledged is lost',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const sides: NodeHandle[][] = [nodes.slice(0, 1), nodes.slice(1)]
    const store = new RecordedStore(ctx)
    const shared = [0, 1, 2, 3].map((i) => ctx.key(`shared-${i}`))
    const own = sides.map((_, s) => [0, 1, 2].map((i) => ctx.key(`side${s}-${i}`)))
    const keys = [...shared, ...own.flat()]
    const gap = ctx.timing.concurrencyWindowMs + 5

    for (const key of shared) await store.stash(nodes[0]!, key, { key, before: true })
    await ctx.eventually(async () => {
      for (const node of nodes)
        for (const key of shared)
          if ((await ctx.pickup(node, key)) === undefined) throw new Error(`${node.name} lacks ${key}`)
    }, 'the values stashed before the partition to reach every node')

    store.mark('partition', sides.map((s) => s.map((n) => n.name).join(',')).join(' | '))
    await ctx.partition(...sides)
    for (let round = 0; round < 3; round++) {
      // Both sides write the shared keys at the same time: concurrent, either may win.
      await Promise.all(
        sides.map(async (side, s) => {
          const writer = side[round % side.length]!
          await Promise.all([
            ...shared.map((key) => store.stash(writer, key, { key, side: s, round })),
            store.stash(writer, own[s]![round]!, { side: s, round }),
          ])
          await Promise.all(side.map((reader) => Promise.all(shared.map((key) => store.pickup(reader, key)))))
        }),
      )
      await pause(gap)
    }
    const failed = sides.map((side) => side.reduce((n, node) => n + (store.errors.get(node.name) ?? 0), 0))

    store.mark('heal')
    await ctx.heal()
    const report = await store.settleAndCheck(nodes, keys, {
      staleAllowance: Number.POSITIVE_INFINITY,
      concurrencyWindowMs: ctx.timing.concurrencyWindowMs,
    })
    ctx.note(
      `partition ${sides.map((s) => `[${s.map((n) => n.name).join(', ')}]`).join(' | ')}; calls that failed during it: ` +
        `${failed.map((f, s) => `side ${s + 1}: ${f}`).join(', ')}; ${summarize(report)}`,
    )
    failUnlessValid(ctx, report)
  },
}

export const workloadUnderDelay: HandoffProperty = {
  id: 'workload-under-delay',
  title:
    'a mixed workload under link delay loses nothing, converges, and reads nothing stale past the settle window',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const store = new RecordedStore(ctx)
    const keys = [0, 1, 2, 3, 4, 5].map((i) => ctx.key(`w${i}`))
    const delay = ctx.timing.linkDelay
    await ctx.delayLinks(delay)
    store.mark('delay', `${delay.ms} ms + ≤${delay.jitterMs} ms on every link`)
    const until = performance.now() + ctx.timing.workloadMs
    await Promise.all(
      nodes.map(async (node) => {
        for (let seq = 0; performance.now() < until; seq++) {
          const key = keys[Math.floor(Math.random() * keys.length)]!
          const dice = Math.random()
          if (dice < 0.5) await store.stash(node, key, `${node.name}#${seq}`)
          else if (dice < 0.9) await store.pickup(node, key)
          else await store.remove(node, key)
          await pause(5)
        }
      }),
    )
    await ctx.clearLinkFaults()
    store.mark('healed')
    const report = await store.settleAndCheck(nodes, keys, {
      settleMs: ctx.timing.settleMs,
      // Under a link delay, writes closer than a round trip may not have seen each other: concurrent
      // for a replicated store (an add-wins delete keeps a write it had not observed). Margin for load.
      concurrencyWindowMs: Math.max(ctx.timing.concurrencyWindowMs, 2 * (delay.ms + delay.jitterMs) + 50),
      staleAllowance: 0,
    })
    ctx.note(
      `${nodes.length} nodes, links delayed ${delay.ms} ms + ≤${delay.jitterMs} ms: ${summarize(report)}`,
    )
    failUnlessValid(ctx, report)
  },
}
