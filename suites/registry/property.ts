/**
 * A property of the registry contract: a plain async function over a `RegistryContext` that throws
 * (`ctx.fail`, or any error) when the registry breaks it. The shared runner gives it a fresh cluster;
 * the vitest wrapper and the CLI both run these same functions. The helpers below read a name on
 * every node and wait until the nodes agree on its holder.
 */
import type { NodeHandle } from 'handoff-harness'
import type { SuiteProperty } from '../suite-runner.js'
import type { RegistryContext } from './context.js'
import type { RegistryPropertyId } from './target.js'

export type RegistryProperty = SuiteProperty<RegistryPropertyId, RegistryContext>

/** A holder for messages: its id, or "nobody". */
export const showHolder = (holder: string | undefined): string => holder ?? 'nobody'

/** `n1 → a/1, n2 → nobody`: what each node sees. */
export function showSeen(nodes: readonly NodeHandle[], seen: ReadonlyArray<string | undefined>): string {
  return nodes.map((node, i) => `${node.name} → ${showHolder(seen[i])}`).join(', ')
}

/**
 * Waits until every node looks `name` up as `want` (a holder, or `undefined` for nobody); resolves with
 * the milliseconds it took since `since`. The timeout error says what each node saw last.
 */
export async function seenEverywhere(
  ctx: RegistryContext,
  nodes: readonly NodeHandle[],
  name: string,
  want: string | undefined,
  what: string,
  since = performance.now(),
): Promise<number> {
  await ctx.eventually(async () => {
    const seen = await ctx.lookupEverywhere(nodes, name)
    if (seen.some((h) => h !== want))
      throw new Error(
        `lookup('${name}'): ${showSeen(nodes, seen)}; expected ${showHolder(want)} on every node`,
      )
  }, what)
  return performance.now() - since
}

/**
 * Waits until every node looks `name` up as one and the same holder among `candidates`; resolves with
 * that holder. The timeout error says what each node saw last.
 */
export async function agreedHolder(
  ctx: RegistryContext,
  nodes: readonly NodeHandle[],
  name: string,
  candidates: ReadonlySet<string>,
  what: string,
): Promise<string> {
  return ctx.eventually(async () => {
    const seen = await ctx.lookupEverywhere(nodes, name)
    const first = seen[0]
    if (first === undefined || seen.some((h) => h !== first))
      throw new Error(`lookup('${name}'): ${showSeen(nodes, seen)}; expected one holder on every node`)
    if (!candidates.has(first)) {
      throw new Error(
        `lookup('${name}') agrees on ${first} everywhere, which is none of the accepted registrations ` +
          `(${[...candidates].join(', ') || 'none'})`,
      )
    }
    return first
  }, what)
}
