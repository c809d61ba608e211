/**
 * The basic promises of a handoff store: a node reads its own writes at once, other nodes see them
 * within the convergence deadline, a node that joins later gets what was written before it came, and a
 * delete reaches every node.
 */
import type { NodeHandle } from 'handoff-harness'
import type { HandoffContext } from '../context.js'
import { expectEverywhere, type HandoffProperty, ms, readEverywhere, sameValue, show } from '../property.js'

/** A structured value any store should round-trip (plain JSON-compatible data). */
const session = (n: number) => ({ id: 'ABYZ', n, tags: ['a', 'b'], nested: { ok: true, at: n * 1000 } })

/** Polls `node` until it reads `want` for `key`; resolves with the time it took since `since`. */
async function visibleAfter(
  ctx: HandoffContext,
  node: NodeHandle,
  key: string,
  want: unknown,
  since: number,
): Promise<number> {
  await ctx.eventually(
    async () => {
      const got = await ctx.pickup(node, key)
      if (!sameValue(got, want))
        throw new Error(`${node.name} reads ${show(got)} for ${key}, expected ${show(want)}`)
    },
    `the value stashed for ${key} to be readable on ${node.name}`,
    { intervalMs: 1 },
  )
  return performance.now() - since
}

export const sameNodeRead: HandoffProperty = {
  id: 'same-node-read',
  title: 'a node reads its own stash and overwrite at once; an unknown key is undefined',
  async run(ctx) {
    const [n1] = await ctx.startNodes(2)
    const node = n1!
    const never = await ctx.pickup(node, ctx.key('never-written'))
    if (never !== undefined)
      ctx.fail(`pickup of a key never written returned ${show(never)} on ${node.name}, expected undefined`)
    const key = ctx.key('session')
    for (const n of [1, 2]) {
      await ctx.stash(node, key, session(n))
      const got = await ctx.pickup(node, key)
      if (!sameValue(got, session(n))) {
        ctx.fail(
          `pickup right after stash #${n} on ${node.name} returned ${show(got)}, expected ${show(session(n))}`,
        )
      }
    }
  },
}

export const crossNodeVisibility: HandoffProperty = {
  id: 'cross-node-visibility',
  title: 'a value stashed on one node can be picked up on every other node',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const first = nodes[0]!
    const last = nodes.at(-1)!
    const forward = ctx.key('from-first')
    const backward = ctx.key('from-last')
    await ctx.stash(first, forward, session(1))
    const acked = performance.now()
    const times = await Promise.all(
      nodes.slice(1).map((n) => visibleAfter(ctx, n, forward, session(1), acked)),
    )
    await ctx.stash(last, backward, session(2))
    const back = await visibleAfter(ctx, first, backward, session(2), performance.now())
    ctx.note(
      `visible on ${times.length} other node(s) within ${ms(Math.max(...times))} of the stash ` +
        `(polled every 1 ms; reverse direction ${ms(back)})`,
    )
  },
}

export const lateJoiner: HandoffProperty = {
  id: 'late-joiner',
  title: 'a node that joins later picks up values stashed before it started, and its own reach the others',
  async run(ctx) {
    const early = await ctx.startNodes(Math.max(1, ctx.size - 1))
    const writer = early[0]!
    const keys = [ctx.key('before-1'), ctx.key('before-2')]
    await Promise.all(keys.map((key, i) => ctx.stash(early[i % early.length]!, key, session(i))))
    // Make sure the early nodes hold the values before the joiner arrives.
    await ctx.eventually(async () => {
      expectEverywhere(
        await readEverywhere(ctx, early, keys),
        new Map(keys.map((k, i) => [k, session(i)])),
        'early nodes',
      )
    }, 'the early nodes to hold the values')
    const joiner = await ctx.startNode()
    const joined = performance.now()
    await ctx.eventually(async () => {
      expectEverywhere(
        await readEverywhere(ctx, [joiner], keys),
        new Map(keys.map((k, i) => [k, session(i)])),
        'joiner',
      )
    }, `the late joiner ${joiner.name} to pick up the values stashed before it started`)
    ctx.note(`late joiner had the earlier values ${ms(performance.now() - joined)} after it was ready`)
    const own = ctx.key('from-joiner')
    await ctx.stash(joiner, own, session(9))
    await visibleAfter(ctx, writer, own, session(9), performance.now())
  },
}

export const deleteReachesEveryNode: HandoffProperty = {
  id: 'delete',
  title: 'remove is read at once on its node, reaches every node, and the key can be stashed again',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const [writer, deleter] = [nodes[0]!, nodes[1]!]
    const key = ctx.key('deleted')
    await ctx.stash(writer, key, session(1))
    await ctx.eventually(
      async () =>
        expectEverywhere(
          await readEverywhere(ctx, nodes, [key]),
          new Map([[key, session(1)]]),
          'before remove',
        ),
      'the value to reach every node before it is removed',
    )
    await ctx.remove(deleter, key)
    const own = await ctx.pickup(deleter, key)
    if (own !== undefined)
      ctx.fail(`pickup right after remove on ${deleter.name} returned ${show(own)}, expected undefined`)
    await ctx.eventually(
      async () =>
        expectEverywhere(
          await readEverywhere(ctx, nodes, [key]),
          new Map([[key, undefined]]),
          'after remove',
        ),
      `the remove on ${deleter.name} to reach every node`,
    )
    await ctx.stash(writer, key, session(2))
    await ctx.eventually(
      async () =>
        expectEverywhere(
          await readEverywhere(ctx, nodes, [key]),
          new Map([[key, session(2)]]),
          'stash after remove',
        ),
      'a value stashed again after the remove to reach every node',
    )
  },
}
