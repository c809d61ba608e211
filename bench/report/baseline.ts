/**
 * Regression check against an earlier run (`--baseline file.json`). Results are matched by `id`; only cells
 * that are `ok` in both runs are compared. The rule, with tolerance t (`--tolerance`, default 0.25):
 *
 * - p50 regressed: current > baseline × (1 + t)  and  current − baseline > 0.01 ms
 * - p99 regressed: current > baseline × (1 + 2t) and  current − baseline > 0.1 ms  (tails are noisier)
 * - msgs-per-op regressed: current > baseline × (1 + t) and current − baseline > 0.5
 * - a cell that was ok in the baseline and failed now has regressed.
 *
 * The absolute floors keep microsecond jitter on a shared machine from failing a run. Cells that are
 * missing or skipped on either side are listed as not compared, never as regressions.
 */
import type { BenchReport, BenchResult } from './schema.js'
import { SCHEMA } from './schema.js'
import { validateReport } from './validate.js'

export interface Regression {
  id: string
  metric: 'p50' | 'p99' | 'msgsPerOp' | 'status'
  baseline: number | string
  current: number | string
}

export interface BaselineVerdict {
  regressions: Regression[]
  compared: number
  notCompared: string[]
}

const P50_FLOOR_MS = 0.01
const P99_FLOOR_MS = 0.1
const MSGS_FLOOR = 0.5

function worse(current: number, baseline: number, relative: number, floor: number): boolean {
  return current > baseline * (1 + relative) && current - baseline > floor
}

function compareCell(cur: BenchResult, base: BenchResult, t: number): Regression[] {
  const out: Regression[] = []
  if (base.status === 'ok' && cur.status === 'failed')
    return [{ id: cur.id, metric: 'status', baseline: 'ok', current: `failed: ${cur.reason ?? ''}` }]
  const c = cur.quantiles
  const b = base.quantiles
  if (c === null || b === null) return out
  if (worse(c.p50, b.p50, t, P50_FLOOR_MS))
    out.push({ id: cur.id, metric: 'p50', baseline: b.p50, current: c.p50 })
  if (worse(c.p99, b.p99, 2 * t, P99_FLOOR_MS))
    out.push({ id: cur.id, metric: 'p99', baseline: b.p99, current: c.p99 })
  if (
    cur.msgsPerOp !== null &&
    base.msgsPerOp !== null &&
    worse(cur.msgsPerOp, base.msgsPerOp, t, MSGS_FLOOR)
  )
    out.push({ id: cur.id, metric: 'msgsPerOp', baseline: base.msgsPerOp, current: cur.msgsPerOp })
  return out
}

export function checkBaseline(
  current: BenchReport,
  baseline: BenchReport,
  tolerance: number,
): BaselineVerdict {
  const byId = new Map(baseline.results.map((r) => [r.id, r]))
  const verdict: BaselineVerdict = { regressions: [], compared: 0, notCompared: [] }
  for (const cur of current.results) {
    const base = byId.get(cur.id)
    const comparable = base !== undefined && base.status === 'ok' && cur.status !== 'skipped'
    if (!comparable) {
      verdict.notCompared.push(cur.id)
      continue
    }
    verdict.compared++
    verdict.regressions.push(...compareCell(cur, base, tolerance))
  }
  return verdict
}

/** Reads a baseline file, checking that it is a bench report this version understands. */
export function parseBaseline(text: string, file: string): BenchReport {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new Error(`baseline ${file} is not JSON: ${(err as Error).message}`)
  }
  const problems = validateReport(data)
  if (problems.length > 0)
    throw new Error(`baseline ${file} is not a valid ${SCHEMA} report: ${problems.slice(0, 5).join('; ')}`)
  return data as BenchReport
}

export function formatVerdict(v: BaselineVerdict, tolerance: number): string {
  const head = `baseline: ${v.compared} cells compared (tolerance ${tolerance}), ${v.regressions.length} regressions`
  const fmt = (x: number | string): string => (typeof x === 'number' ? x.toFixed(3) : x)
  const lines = v.regressions.map(
    (r) => `  REGRESSED ${r.id} ${r.metric}: ${fmt(r.baseline)} → ${fmt(r.current)}`,
  )
  return [head, ...lines].join('\n')
}
