/**
 * The basic promise of a registry: a name registered on one node resolves, to the same holder, from
 * every node within the convergence deadline (both directions), and a name nobody registered resolves
 * to nobody everywhere.
 */
import { ms } from '../../report/table.js'
import { type RegistryProperty, seenEverywhere, showHolder } from '../property.js'

export const lookupFromEveryNode: RegistryProperty = {
  id: 'lookup-from-every-node',
  title: 'a registered name is found, with the same holder, from every node',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const first = nodes[0]!
    const last = nodes.at(-1)!
    const times: string[] = []
    for (const [owner, label] of [
      [first, 'from-first'],
      [last, 'from-last'],
    ] as const) {
      const name = ctx.name(label)
      const started = performance.now()
      const outcome = await ctx.register(owner, name, { owner: owner.name })
      if (!outcome.ok) {
        ctx.fail(
          `register('${name}') of a fresh name on ${owner.name} was refused (holder ${showHolder(outcome.holder)}), expected it to succeed`,
        )
      }
      const took = await seenEverywhere(
        ctx,
        nodes,
        name,
        outcome.holder,
        `the name registered on ${owner.name} (holder ${outcome.holder}) to be found from every node`,
        started,
      )
      times.push(`${ms(took)} (registered on ${owner.name})`)
    }
    const unknown = ctx.name('never-registered')
    const seen = await ctx.lookupEverywhere(nodes, unknown)
    const found = nodes.flatMap((node, i) => (seen[i] === undefined ? [] : [`${node.name} → ${seen[i]}`]))
    if (found.length > 0)
      ctx.fail(`lookup('${unknown}') of a name nobody registered: ${found.join(', ')}; expected nobody`)
    ctx.note(`found from all ${nodes.length} nodes within ${times.join(' / ')} of the register call`)
  },
}
