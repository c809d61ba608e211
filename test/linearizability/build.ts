/** Test helpers: terse operation builders and a brute-force linearizability checker for small histories. */
import { valueKey } from '../../suites/history/index.js'
import type { LinOp } from '../../suites/linearizability/index.js'

type Spec = Omit<LinOp, 'id' | 'client' | 'key' | 'start' | 'end' | 'result'> & {
  client?: string
  key?: string
  result?: LinOp['result']
}

let nextId = 0
function op(start: number, end: number | undefined, spec: Spec): LinOp {
  const base = {
    id: nextId++,
    client: spec.client ?? 'c1',
    key: spec.key ?? 'k',
    result: spec.result ?? 'ok',
    start,
  }
  return { ...spec, ...base, ...(end === undefined ? {} : { end }) } as LinOp
}
export const reset = () => {
  nextId = 0
}
export const w = (start: number, end: number | undefined, value: unknown, s: Partial<Spec> = {}) =>
  op(start, end, { kind: 'write', value, ...s })
export const r = (start: number, end: number | undefined, output: unknown, s: Partial<Spec> = {}) =>
  op(start, end, { kind: 'read', output, ...s })
export const del = (start: number, end: number | undefined, s: Partial<Spec> = {}) =>
  op(start, end, { kind: 'delete', ...s })
export const cas = (
  start: number,
  end: number | undefined,
  expected: unknown,
  value: unknown,
  output: unknown,
  s: Partial<Spec> = {},
) => op(start, end, { kind: 'cas', expected, value, output, ...s })

const known = (op: LinOp) => op.result === 'ok' && op.end !== undefined

/**
 * Brute force, written independently of the checker: tries every subset of the indeterminate
 * operations and every order of the chosen ones that respects real time, running a map of registers.
 * `initial` gives each key's starting value (default absent).
 */
export function bruteForce(
  ops: readonly LinOp[],
  initial: ReadonlyMap<string, unknown> = new Map(),
): boolean {
  const live = ops.filter((o) => o.result !== 'fail' && !(o.kind === 'read' && !known(o)))
  const must = live.filter(known)
  const maybe = live.filter((o) => !known(o))
  const end = (o: LinOp) => (known(o) ? (o.end as number) : Number.POSITIVE_INFINITY)
  for (let mask = 0; mask < 1 << maybe.length; mask++) {
    const chosen = [...must, ...maybe.filter((_, i) => mask & (1 << i))]
    if (orders(chosen, [], new Map(initial), end)) return true
  }
  return false
}

function orders(
  left: LinOp[],
  done: LinOp[],
  state: Map<string, unknown>,
  end: (o: LinOp) => number,
): boolean {
  if (left.length === 0) return true
  for (const [i, o] of left.entries()) {
    // o may go next only if no other remaining op returned before o was invoked.
    if (left.some((p, j) => j !== i && end(p) < o.start)) continue
    const cur = state.get(o.key)
    let next = cur
    if (o.kind === 'read' && valueKey(o.output) !== valueKey(cur)) continue
    if (o.kind === 'write') next = o.value
    if (o.kind === 'delete') next = undefined
    if (o.kind === 'cas') {
      const match = valueKey(cur) === valueKey(o.expected)
      if (known(o) && (o.output === true) !== match) continue
      if (match) next = o.value
    }
    const after = new Map(state).set(o.key, next)
    if (
      orders(
        left.filter((_, j) => j !== i),
        [...done, o],
        after,
        end,
      )
    )
      return true
  }
  return false
}
