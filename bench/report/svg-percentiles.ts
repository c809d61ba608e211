/**
 * A latency-distribution plot as an inline SVG string, in the style of HdrHistogram's percentile plots:
 * latency (log scale) up, percentile across on a "nines" scale (0 %, 90 %, 99 %, 99.9 % equally spaced).
 * The median and the tail get the same room, which is where variants differ; a curve lower is faster, a
 * curve that shoots up at the right has a long tail. Targets are horizontal dashed lines.
 */

export interface Series {
  label: string
  samplesMs: readonly number[]
}

export interface Marker {
  label: string
  ms: number
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf']
const W = 760
const H = 340
const M = { left: 64, right: 150, top: 14, bottom: 42 }
const PW = W - M.left - M.right
const PH = H - M.top - M.bottom

export function seriesColor(i: number): string {
  return COLORS[i % COLORS.length]!
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function msLabel(ms: number): string {
  if (ms >= 1000) return `${ms / 1000} s`
  if (ms >= 1) return `${ms} ms`
  return `${Math.round(ms * 1000)} µs`
}

/** 1, 2, 5 × 10^k within [lo, hi]. */
function latencyTicks(lo: number, hi: number): Array<{ v: number; major: boolean }> {
  const out: Array<{ v: number; major: boolean }> = []
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(1))
      if (v >= lo && v <= hi) out.push({ v, major: m === 1 })
    }
  }
  return out
}

/** The "nines" of percentile p (0 ≤ p < 1): 0 → 0, 0.9 → 1, 0.99 → 2. */
const nines = (p: number): number => -Math.log10(1 - p)

function percentileLabel(n: number): string {
  const p = 100 * (1 - 10 ** -n)
  return `${Number(p.toFixed(Math.max(0, Math.round(n) - 2)))}%`
}

/** Drops points that land within half a pixel of the previous one (keeps the last): a curve of 10^5
 * samples becomes a few hundred points without any visible change. */
function thin(points: ReadonlyArray<readonly [number, number]>): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = []
  for (const [i, p] of points.entries()) {
    const prev = out.at(-1)
    const last = i === points.length - 1
    if (prev === undefined || last || Math.abs(p[0] - prev[0]) >= 0.5 || Math.abs(p[1] - prev[1]) >= 0.5)
      out.push(p)
  }
  return out
}

export function percentileSvg(
  series: readonly Series[],
  markers: readonly Marker[] = [],
  title = '',
): string {
  const all = series.flatMap((s) => s.samplesMs.filter((v) => v > 0))
  if (all.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="40"><text x="8" y="24">no samples</text></svg>`
  // Loops, not Math.min(...xs): a series may hold hundreds of thousands of samples.
  let lo = Number.POSITIVE_INFINITY
  let hi = 0
  for (const v of [...markers.map((m) => m.ms), ...all]) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  lo = 10 ** (Math.floor(Math.log10(lo) * 3) / 3)
  hi = 10 ** (Math.ceil(Math.log10(hi) * 3) / 3)
  if (hi / lo < 10) {
    const mid = Math.sqrt(lo * hi)
    lo = mid / Math.sqrt(10)
    hi = mid * Math.sqrt(10)
  }
  // Across: up to the percentile the largest series can resolve (n samples resolve log10(n) nines).
  const maxNines = Math.max(1, ...series.map((s) => Math.log10(Math.max(1, s.samplesMs.length))))
  const x = (n: number): number => M.left + (n / maxNines) * PW
  const y = (ms: number): number =>
    M.top + PH - ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / Math.log10(hi / lo)) * PH
  const parts: string[] = []
  for (const { v, major } of latencyTicks(lo, hi)) {
    parts.push(
      `<line x1="${M.left}" x2="${M.left + PW}" y1="${y(v)}" y2="${y(v)}" stroke="${major ? '#ccc' : '#eee'}"/>`,
    )
    const style = major ? 'font-size="11"' : 'font-size="9" fill="#888"'
    parts.push(`<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end" ${style}>${msLabel(v)}</text>`)
  }
  const xTicks = [0, nines(0.5), nines(0.75), 1, 2, 3, 4, 5].filter((n) => n <= maxNines + 1e-9)
  for (const n of xTicks) {
    const major = Number.isInteger(n)
    parts.push(
      `<line x1="${x(n)}" x2="${x(n)}" y1="${M.top}" y2="${M.top + PH}" stroke="${major ? '#ccc' : '#eee'}"/>`,
    )
    const label = n === nines(0.5) ? 'p50' : n === nines(0.75) ? '75%' : percentileLabel(n)
    parts.push(`<text x="${x(n)}" y="${M.top + PH + 16}" text-anchor="middle" font-size="11">${label}</text>`)
  }
  parts.push(
    `<text x="${M.left + PW / 2}" y="${H - 6}" text-anchor="middle" font-size="12">percentile</text>`,
    `<text transform="translate(14 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle" font-size="12">latency (log scale)</text>`,
  )
  for (const m of markers) {
    parts.push(
      `<line x1="${M.left}" x2="${M.left + PW}" y1="${y(m.ms)}" y2="${y(m.ms)}" stroke="#000" stroke-width="1.2" stroke-dasharray="5 3"/>`,
      `<text x="${M.left + 4}" y="${y(m.ms) - 4}" font-size="10">${esc(m.label)}</text>`,
    )
  }
  series.forEach((s, i) => {
    const sorted = [...s.samplesMs].sort((a, b) => a - b)
    const n = sorted.length
    if (n === 0) return
    const color = seriesColor(i)
    // Sample k (of n, ascending) sits at percentile k/n: the fraction of samples below it.
    const pts = thin(sorted.map((v, k) => [x(nines(k / n)), y(v)] as const))
    const d = pts.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ')
    parts.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"><title>${esc(s.label)}</title></path>`,
    )
    if (n <= 30)
      for (const [px, py] of pts)
        parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${color}"/>`)
    const ly = M.top + 14 + i * 18
    parts.push(
      `<line x1="${M.left + PW + 12}" x2="${M.left + PW + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${M.left + PW + 34}" y="${ly}" font-size="11">${esc(s.label)}</text>`,
    )
  })
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#888"/>`)
  const label = title === '' ? '' : `<title>${esc(title)}</title>`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img">${label}${parts.join('')}</svg>`
}
