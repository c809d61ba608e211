/**
 * Cuts a non-linearizable key history down to the smallest window a human must read. Linearizability
 * is prefix-closed: if the history up to time T cannot be ordered, no longer history can. So the end of
 * the window is the earliest return event at which the prefix already fails (binary search; operations
 * still running then are pending: they may or may not have taken effect). Its start is the latest time
 * t such that the operations still running at or after t, closed under overlap (so that every operation
 * left out returned before every operation kept was invoked, and must be ordered before them all),
 * still cannot be ordered whatever the key held when they began: absent, or any value written by an
 * operation left out.
 */
import type { KeyRegister } from './check.js'
import type { LinOp } from './op.js'
import { type Budget, CAS, READ, type RegisterCall, search, WRITE } from './wgl.js'

interface Window {
  readonly window: readonly LinOp[]
  readonly fromStart: boolean
}

/** Indexes of the calls as seen at time `cut` (later ones dropped, running ones pending), and them. */
function atCut(register: KeyRegister, cut: number): Array<[number, RegisterCall]> {
  const out: Array<[number, RegisterCall]> = []
  register.calls.forEach((call, i) => {
    if (call.start > cut) return
    if (call.end <= cut) out.push([i, call])
    else if (call.kind !== READ)
      out.push([i, { ...call, end: Number.POSITIVE_INFINITY, out: call.kind === CAS ? -1 : call.out }])
  })
  return out
}

function fails(calls: RegisterCall[], initials: Iterable<number>, budget: Budget): boolean {
  for (const s of initials) if (search(calls, s, budget).verdict !== 'illegal') return false
  return true
}

/** The operations of `prefix` still running at or after `t`, closed under overlap, and the states the
 * key may hold before them. */
function windowAt(prefix: Array<[number, RegisterCall]>, t: number) {
  let from = t
  for (;;) {
    const kept = prefix.filter(([, c]) => c.end >= from)
    const earliest = Math.min(...kept.map(([, c]) => c.start))
    if (earliest >= from) {
      const initials = new Set([0])
      for (const [, c] of prefix)
        if (c.end < from && (c.kind === WRITE || c.kind === CAS)) initials.add(c.arg)
      return { kept, initials, fromStart: kept.length === prefix.length }
    }
    from = earliest
  }
}

export function smallestWindow(register: KeyRegister, budget: Budget): Window {
  const all = { window: register.ops, fromStart: true }
  const ends = [...new Set(register.calls.map((c) => c.end).filter(Number.isFinite))].sort((a, b) => a - b)
  ends.push(Number.POSITIVE_INFINITY)
  // The earliest cut at which the prefix fails (the whole history does).
  let lo = 0
  let hi = ends.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (
      fails(
        atCut(register, ends[mid]!).map(([, c]) => c),
        [0],
        budget,
      )
    )
      hi = mid
    else lo = mid + 1
    if (budget.expired) return all
  }
  const prefix = atCut(register, ends[lo]!)
  // The latest start time from which the window still fails.
  const starts = [...new Set(prefix.map(([, c]) => c.start))].sort((a, b) => a - b)
  let a = 0
  let b = starts.length - 1
  while (a < b) {
    const mid = (a + b + 1) >>> 1
    const w = windowAt(prefix, starts[mid]!)
    if (
      fails(
        w.kept.map(([, c]) => c),
        w.fromStart ? [0] : w.initials,
        budget,
      )
    )
      a = mid
    else b = mid - 1
    if (budget.expired) return all
  }
  const w = windowAt(prefix, starts[a]!)
  const window = w.kept.map(([i]) => register.ops[i]!).sort((x, y) => x.start - y.start)
  return { window, fromStart: w.fromStart }
}
