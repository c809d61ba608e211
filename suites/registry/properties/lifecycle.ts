/**
 * A name belongs to a live process: when the process holding it exits, the name disappears from every
 * node and another node can take it; and `unregister` releases a name everywhere too.
 */
import { ms } from '../../report/table.js'
import { type RegistryProperty, seenEverywhere, showHolder } from '../property.js'

export const namesRemovedOnExit: RegistryProperty = {
  id: 'names-removed-on-exit',
  title: "a process's names are removed everywhere when it exits, and can be taken again",
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const [owner, next] = [nodes[0]!, nodes[1]!]
    const name = ctx.name('exits')
    const first = await ctx.register(owner, name, { owner: owner.name })
    if (!first.ok)
      ctx.fail(`register('${name}') of a fresh name on ${owner.name} was refused, expected it to succeed`)
    await seenEverywhere(
      ctx,
      nodes,
      name,
      first.holder,
      `the name registered on ${owner.name} to reach every node`,
    )

    const exited = performance.now()
    if (!(await ctx.exit(owner, name)))
      ctx.fail(
        `exit('${name}') on ${owner.name} found no process, expected it to end the holder ${first.holder}`,
      )
    const gone = await seenEverywhere(
      ctx,
      nodes,
      name,
      undefined,
      `the name of the process that exited on ${owner.name} (holder ${first.holder}) to be removed from every node`,
      exited,
    )

    const again = await ctx.register(next, name, { owner: next.name })
    if (!again.ok) {
      ctx.fail(
        `register('${name}') on ${next.name} after its holder exited was refused (holder ${showHolder(again.holder)}), expected it to succeed`,
      )
    }
    if (again.holder === first.holder)
      ctx.fail(
        `register('${name}') on ${next.name} returned the exited holder ${first.holder}, expected a new one`,
      )
    await seenEverywhere(
      ctx,
      nodes,
      name,
      again.holder,
      `the name taken again on ${next.name} to reach every node`,
    )

    if (!(await ctx.unregister(next, name)))
      ctx.fail(
        `unregister('${name}') on ${next.name} returned false, expected its process ${again.holder} to hold it`,
      )
    const released = await seenEverywhere(
      ctx,
      nodes,
      name,
      undefined,
      `the name unregistered on ${next.name} to be removed from every node`,
    )
    ctx.note(
      `after exit the name was gone from all ${nodes.length} nodes within ${ms(gone)}; ` +
        `after unregister within ${ms(released)}`,
    )
  },
}
