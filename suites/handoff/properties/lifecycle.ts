/**
 * Concurrency and node lifecycle: concurrent stashes of one key converge to one of the written values
 * on every node; a graceful stop of the writer loses nothing it acknowledged; and a kill -9 of the
 * writer — where a handoff store has no chance to flush — is measured, not judged: the report says how
 * many acknowledged writes the survivors never got, and how long before the kill they were acknowledged.
 */
import type { NodeHandle } from 'handoff-harness'
import type { HandoffContext } from '../context.js'
import {
  disagreements,
  expectEverywhere,
  type HandoffProperty,
  ms,
  readEverywhere,
  sameValue,
  show,
} from '../property.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

export const concurrentWritesConverge: HandoffProperty = {
  id: 'concurrent-writes-converge',
  title: 'concurrent stashes of the same keys on every node converge to one written value everywhere',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const keys = range(16).map((i) => ctx.key(`contended-${i}`))
    const written = (node: NodeHandle, key: string) => ({
      by: node.name,
      key: key.slice(key.indexOf(':') + 1),
    })
    // Every write in flight at once, so that no node has seen the others' writes when it makes its own.
    await Promise.all(keys.flatMap((key) => nodes.map((node) => ctx.stash(node, key, written(node, key)))))
    let last: string[] = []
    await ctx.eventually(async () => {
      const reads = await readEverywhere(ctx, nodes, keys)
      last = disagreements(reads, keys)
      if (last.length > 0) {
        throw new Error(
          `nodes disagree on ${last.length} of ${keys.length} keys, e.g. ${last.slice(0, 2).join('; ')}`,
        )
      }
      const settled = [...reads.values()][0]!
      for (const key of keys) {
        const value = settled.get(key)
        if (!nodes.some((n) => sameValue(value, written(n, key)))) {
          throw new Error(`every node reads ${show(value)} for ${key}, which no stash wrote`)
        }
      }
    }, `${nodes.length} nodes to agree on ${keys.length} keys stashed concurrently on every node`)
  },
}

export const gracefulStopKeepsWrites: HandoffProperty = {
  id: 'graceful-stop-keeps-writes',
  title: 'values acknowledged just before a graceful stop of their writer are on every survivor',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const [writer, ...survivors] = nodes as [NodeHandle, ...NodeHandle[]]
    const keys = range(40).map((i) => ctx.key(`handoff-${i}`))
    const expected = new Map(keys.map((key, i) => [key, { state: i, from: writer.name }]))
    await Promise.all(keys.map((key) => ctx.stash(writer, key, expected.get(key))))
    const exit = await ctx.cluster.stopNode(writer)
    if (exit.forced)
      ctx.note(`the writer did not stop within the stop timeout and was killed (${ms(exit.durationMs)})`)
    else ctx.note(`the writer stopped gracefully in ${ms(exit.durationMs)}`)
    await ctx.eventually(
      async () => expectEverywhere(await readEverywhere(ctx, survivors, keys), expected, 'survivors'),
      `the ${keys.length} values acknowledged by ${writer.name} before its graceful stop to be on every survivor`,
    )
  },
}

/** Polls the survivors until every key is there or nothing changed for `quietMs`; returns the last reads. */
async function settledReads(ctx: HandoffContext, survivors: NodeHandle[], keys: string[]) {
  const deadline = performance.now() + ctx.timing.convergenceMs
  let reads = await readEverywhere(ctx, survivors, keys)
  let present = countPresent(reads)
  let changed = performance.now()
  while (present < survivors.length * keys.length && performance.now() < deadline) {
    if (performance.now() - changed >= ctx.timing.quietMs) break
    await new Promise((resolve) => setTimeout(resolve, 20))
    reads = await readEverywhere(ctx, survivors, keys)
    const now = countPresent(reads)
    if (now !== present) {
      present = now
      changed = performance.now()
    }
  }
  return reads
}

function countPresent(reads: Map<string, Map<string, unknown>>): number {
  let n = 0
  for (const values of reads.values()) for (const v of values.values()) if (v !== undefined) n++
  return n
}

export const killLossWindow: HandoffProperty = {
  id: 'kill-loss-window',
  title:
    'kill -9 of the writer: how many acknowledged stashes the survivors never get (reported, not judged)',
  informational: true,
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const [writer, ...survivors] = nodes as [NodeHandle, ...NodeHandle[]]
    const keys = range(40).map((i) => ctx.key(`last-words-${i}`))
    const acked: number[] = []
    for (const [i, key] of keys.entries()) {
      await ctx.stash(writer, key, { state: i })
      acked.push(performance.now())
    }
    const killedAt = performance.now()
    await ctx.cluster.killNode(writer)
    const reads = await settledReads(ctx, survivors, keys)
    const lines: string[] = []
    let worstWindow = 0
    for (const [node, values] of reads) {
      const missing = keys
        .map((key, i) => ({ key, i }))
        .filter(({ key, i }) => !sameValue(values.get(key), { state: i }))
      if (missing.length === 0) {
        lines.push(`${node} holds all ${keys.length}`)
        continue
      }
      const window = killedAt - acked[missing[0]!.i]!
      worstWindow = Math.max(worstWindow, window)
      lines.push(
        `${node} misses ${missing.length}/${keys.length} (oldest missing acknowledged ${ms(window)} before the kill)`,
      )
    }
    ctx.note(
      `kill -9 right after ${keys.length} acknowledged sequential stashes: ${lines.join('; ')}` +
        (worstWindow > 0 ? `; loss window ≥ ${ms(worstWindow)}` : '; no loss observed'),
    )
  },
}
