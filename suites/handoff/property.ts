/**
 * A property of the handoff contract: a plain async function over a `HandoffContext` that throws
 * (`ctx.fail`, or any error) when the store breaks it. The runner gives it a fresh cluster; the vitest
 * wrapper and the CLI both run these same functions.
 */
import { isDeepStrictEqual } from 'node:util'
import type { NodeHandle } from 'handoff-harness'
import { showValue } from '../history/index.js'
import type { SuiteProperty } from '../suite-runner.js'
import type { HandoffContext } from './context.js'
import type { HandoffPropertyId } from './target.js'

export type HandoffProperty = SuiteProperty<HandoffPropertyId, HandoffContext>

export const show = (value: unknown): string => showValue(value, 80)

export function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b)
}

/** Reads `keys` on every node in parallel: result[node][key]. */
export async function readEverywhere(
  ctx: HandoffContext,
  nodes: readonly NodeHandle[],
  keys: readonly string[],
): Promise<Map<string, Map<string, unknown>>> {
  const out = new Map<string, Map<string, unknown>>()
  await Promise.all(
    nodes.map(async (node) => {
      const values = await Promise.all(keys.map((key) => ctx.pickup(node, key)))
      out.set(node.name, new Map(keys.map((key, i) => [key, values[i]])))
    }),
  )
  return out
}

/** Throws, naming the first few differences, unless every node reads `expected[key]` for every key. */
export function expectEverywhere(
  reads: Map<string, Map<string, unknown>>,
  expected: ReadonlyMap<string, unknown>,
  what: string,
): void {
  const wrong: string[] = []
  for (const [node, values] of reads) {
    for (const [key, want] of expected) {
      const got = values.get(key)
      if (!sameValue(got, want)) wrong.push(`${node} read ${show(got)} for ${key}, expected ${show(want)}`)
    }
  }
  if (wrong.length > 0) {
    const total = reads.size * expected.size
    throw new Error(`${what}: ${wrong.length} of ${total} reads differ, e.g. ${wrong.slice(0, 3).join('; ')}`)
  }
}

/** Keys on which the nodes disagree, each with what every node read. */
export function disagreements(reads: Map<string, Map<string, unknown>>, keys: readonly string[]): string[] {
  const out: string[] = []
  for (const key of keys) {
    const seen = [...reads].map(([node, values]) => [node, values.get(key)] as const)
    const first = seen[0]?.[1]
    if (seen.every(([, v]) => sameValue(v, first))) continue
    out.push(`${key}: ${seen.map(([node, v]) => `${node} → ${show(v)}`).join(', ')}`)
  }
  return out
}

export { ms } from '../report/table.js'
