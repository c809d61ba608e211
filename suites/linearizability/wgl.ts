/**
 * The Wing–Gong–Lowe search for one register (one key), with Lowe's memoisation as Porcupine does it.
 * The history is a doubly linked list of call and return entries in time order. The search walks it:
 * at a call it tries to linearize that operation now (the register model accepts it from the current
 * state), and if the pair (set of linearized operations, state) was never seen it lifts the operation's
 * two entries out of the list and starts again from the head; at a return entry whose operation is
 * not yet linearized nothing can be ordered any more, so it backtracks (re-inserts the last lifted
 * operation and tries the next call). The history is linearizable when the list empties. The memo turns
 * the exponential search into one over distinct (set, state) pairs; a deadline ends it as `timeout`.
 *
 * Operations arrive here already interned (values are small integers, 0 = absent) so a state is a
 * number and the memo key a 32-bit Zobrist hash of the set mixed with the state.
 */

export const READ = 0
export const WRITE = 1
export const CAS = 2
export const DELETE = 3

/** One operation of one key, interned. `out`: read → the value id; cas → 1 swapped, 0 not, -1 unknown. */
export interface RegisterCall {
  readonly kind: number
  readonly arg: number
  readonly expected: number
  readonly out: number
  readonly start: number
  /** +Infinity when it never returned or is indeterminate. */
  readonly end: number
}

/** The state after `call` from `state`, or -1 when the register cannot produce its output. */
export function step(state: number, call: RegisterCall): number {
  switch (call.kind) {
    case READ:
      return call.out === state ? state : -1
    case WRITE:
      return call.arg
    case DELETE:
      return 0
    default:
      if (call.out === 1) return state === call.expected ? call.arg : -1
      if (call.out === 0) return state === call.expected ? -1 : state
      return state === call.expected ? call.arg : state
  }
}

export type SearchOutcome =
  | { readonly verdict: 'ok'; readonly order: number[] }
  | { readonly verdict: 'illegal'; readonly longest: number[] }
  | { readonly verdict: 'timeout' }

/** Shared by every search of one check: ends them all at `deadline` (ms, performance.now()). */
export interface Budget {
  readonly deadline: number
  expired: boolean
}

function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) >>> 0
}

/** Searches for a linearization of `calls` from `initial`; `order` / `longest` are indexes into `calls`. */
export function search(calls: readonly RegisterCall[], initial: number, budget: Budget): SearchOutcome {
  const n = calls.length
  if (n === 0) return { verdict: 'ok', order: [] }
  // Entries 0..n-1 are calls, n..2n-1 returns; HEAD is the sentinel before the first entry.
  const HEAD = 2 * n
  const time = (e: number) => (e < n ? calls[e]!.start : calls[e - n]!.end)
  const sorted = Array.from({ length: 2 * n }, (_, i) => i).sort((a, b) => {
    const d = time(a) - time(b)
    if (d !== 0 && !Number.isNaN(d)) return d
    return (a < n ? 0 : 1) - (b < n ? 0 : 1) // a call before a return at the same time: they overlap
  })
  const next = new Int32Array(2 * n + 1).fill(-1)
  const prev = new Int32Array(2 * n + 1).fill(-1)
  let last = HEAD
  for (const e of sorted) {
    next[last] = e
    prev[e] = last
    last = e
  }
  const lift = (c: number) => {
    for (const e of [c, c + n]) {
      const p = prev[e]!
      const q = next[e]!
      next[p] = q
      if (q !== -1) prev[q] = p
    }
  }
  const unlift = (c: number) => {
    for (const e of [c + n, c]) {
      const p = prev[e]!
      const q = next[e]!
      next[p] = e
      if (q !== -1) prev[q] = e
    }
  }

  const zobrist = new Uint32Array(n)
  for (let i = 0; i < n; i++) zobrist[i] = mix(i + 0x51ed27)
  const words = (n + 31) >>> 5
  const bits = new Uint32Array(words)
  let setHash = 0
  const memo = new Map<number, Array<{ bits: Uint32Array; state: number }>>()
  const seen = (state: number): boolean => {
    const key = (setHash ^ mix(state + 1)) >>> 0
    const bucket = memo.get(key)
    if (bucket !== undefined) {
      outer: for (const entry of bucket) {
        if (entry.state !== state) continue
        for (let w = 0; w < words; w++) if (entry.bits[w] !== bits[w]) continue outer
        return true
      }
    }
    const entry = { bits: bits.slice(), state }
    if (bucket === undefined) memo.set(key, [entry])
    else bucket.push(entry)
    return false
  }
  const toggle = (c: number) => {
    bits[c >>> 5]! ^= 1 << (c & 31)
    setHash ^= zobrist[c]!
  }

  const stackCall: number[] = []
  const stackState: number[] = []
  let longest: number[] = []
  let state = initial
  let entry = next[HEAD]!
  let steps = 0
  while (next[HEAD] !== -1) {
    if ((++steps & 1023) === 0 && (budget.expired || performance.now() > budget.deadline)) {
      budget.expired = true
      return { verdict: 'timeout' }
    }
    if (entry !== -1 && entry < n) {
      const after = step(state, calls[entry]!)
      if (after !== -1) {
        toggle(entry)
        if (!seen(after)) {
          stackCall.push(entry)
          stackState.push(state)
          state = after
          lift(entry)
          entry = next[HEAD]!
          continue
        }
        toggle(entry)
      }
      entry = next[entry]!
      continue
    }
    // A return entry of an operation not yet linearized (or the end): backtrack.
    if (stackCall.length > longest.length) longest = [...stackCall]
    const top = stackCall.pop()
    if (top === undefined) return { verdict: 'illegal', longest }
    state = stackState.pop()!
    toggle(top)
    unlift(top)
    entry = next[top]!
  }
  return { verdict: 'ok', order: stackCall }
}
