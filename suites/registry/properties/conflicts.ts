/**
 * One name, several registrants. Registered concurrently from every node, or on both sides of a
 * partition, a name must end with exactly one holder — one of the registrations the registry accepted —
 * seen the same from every node within the convergence deadline; once held, it cannot be taken.
 *
 * An eventually consistent registry (Horde's model: the check and the write are not atomic across
 * nodes, RR-3) may accept the same name on several nodes at once and resolve the conflict afterwards;
 * how many registrations were accepted is reported. Only the end state is judged.
 */
import type { NodeHandle } from 'handoff-harness'
import { ms } from '../../report/table.js'
import { PropertyViolation } from '../../suite-context.js'
import type { RegistryContext } from '../context.js'
import { agreedHolder, type RegistryProperty, seenEverywhere, showHolder } from '../property.js'
import type { RegisterOutcome } from '../target.js'

/** Registers `name` on each of `nodes` at once; resolves with the accepted holders (holder → node). */
async function registerConcurrently(
  ctx: RegistryContext,
  nodes: readonly NodeHandle[],
  name: string,
): Promise<{ accepted: Map<string, NodeHandle>; refused: string[] }> {
  const outcomes = await Promise.all(
    nodes.map((node) =>
      ctx.register(node, name, { from: node.name }).catch((err: unknown): RegisterOutcome | string => {
        // A registry may refuse what it cannot keep (e.g. on a minority side); a broken reply still fails.
        if (err instanceof PropertyViolation) throw err
        return err instanceof Error ? err.message.split('\n')[0]! : String(err)
      }),
    ),
  )
  const accepted = new Map<string, NodeHandle>()
  const refused: string[] = []
  for (const [i, outcome] of outcomes.entries()) {
    const node = nodes[i]!
    if (typeof outcome === 'string') refused.push(`${node.name} (call failed: ${outcome})`)
    else if (!outcome.ok) refused.push(`${node.name} (holder ${showHolder(outcome.holder)})`)
    else if (accepted.has(outcome.holder))
      ctx.fail(
        `register('${name}') on ${node.name} and ${accepted.get(outcome.holder)!.name} both returned holder ${outcome.holder}, expected distinct processes`,
      )
    else accepted.set(outcome.holder, node)
  }
  return { accepted, refused }
}

const showAccepted = (accepted: Map<string, NodeHandle>): string =>
  [...accepted].map(([holder, node]) => `${holder} on ${node.name}`).join(', ') || 'none'

export const uniqueNames: RegistryProperty = {
  id: 'unique-names',
  title:
    'a name registered concurrently from every node ends with one holder everywhere; a held name cannot be taken',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const name = ctx.name('contested')
    const { accepted, refused } = await registerConcurrently(ctx, nodes, name)
    if (accepted.size === 0)
      ctx.fail(
        `register('${name}') from all ${nodes.length} nodes at once: none succeeded (refused on ${refused.join(', ')}); expected one to win`,
      )
    const replied = performance.now()
    const winner = await agreedHolder(
      ctx,
      nodes,
      name,
      new Set(accepted.keys()),
      `every node to look '${name}' up as the same one of the accepted holders (${showAccepted(accepted)})`,
    )
    const converged = performance.now() - replied

    const again = await Promise.all(nodes.map((node) => ctx.register(node, name, { again: node.name })))
    for (const [i, outcome] of again.entries()) {
      const node = nodes[i]!
      if (outcome.ok)
        ctx.fail(
          `a second register('${name}') on ${node.name} succeeded (new holder ${outcome.holder}) while ${winner} holds it; expected it to be refused`,
        )
      if (outcome.holder !== undefined && outcome.holder !== winner)
        ctx.fail(
          `a second register('${name}') on ${node.name} was refused naming holder ${outcome.holder}, but every node looks it up as ${winner}`,
        )
    }
    await seenEverywhere(
      ctx,
      nodes,
      name,
      winner,
      `the holder ${winner} to keep '${name}' after the refused registrations`,
    )
    ctx.note(
      `${accepted.size} of ${nodes.length} concurrent registrations accepted (${showAccepted(accepted)}); ` +
        `every node agreed on ${winner} ${ms(converged)} after the last reply; ${nodes.length} later registrations refused`,
    )
  },
}

export const oneWinnerAfterHeal: RegistryProperty = {
  id: 'one-winner-after-heal',
  title: 'a name registered on both sides of a partition has exactly one holder after the heal',
  async run(ctx) {
    const nodes = await ctx.startNodes()
    const cut = Math.max(1, Math.floor(nodes.length / 2))
    const sides = [nodes.slice(0, cut), nodes.slice(cut)]
    const layout = sides.map((s) => `[${s.map((n) => n.name).join(', ')}]`).join(' | ')
    await ctx.partition(...sides)
    const name = ctx.name('split')
    const registrants = sides.map((side) => side[0]!)
    const { accepted, refused } = await registerConcurrently(ctx, registrants, name)
    if (accepted.size === 0)
      ctx.fail(
        `register('${name}') on both sides of the partition ${layout}: none succeeded (refused on ${refused.join(', ')}); expected at least one`,
      )

    const healed = performance.now()
    await ctx.heal()
    const winner = await agreedHolder(
      ctx,
      nodes,
      name,
      new Set(accepted.keys()),
      `every node to look '${name}' up as the same one of the holders accepted during the partition (${showAccepted(accepted)}) after the heal`,
    )
    const converged = performance.now() - healed
    // Read once more: a registry that flip-flops between the two holders must not pass on a lucky read.
    await seenEverywhere(ctx, nodes, name, winner, `every node to keep ${winner} as the holder of '${name}'`)
    const from = accepted.get(winner)!
    const side = sides.findIndex((s) => s.includes(from)) + 1
    ctx.note(
      `partition ${layout}: ${accepted.size === 2 ? 'both sides accepted' : `only one side accepted (refused: ${refused.join(', ')})`} ` +
        `(${showAccepted(accepted)}); after the heal every node agreed on ${winner} — side ${side}, registered on ${from.name} — ` +
        `within ${ms(converged)}`,
    )
  },
}
