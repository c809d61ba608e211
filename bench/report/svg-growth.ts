/**
 * A growth plot as an inline SVG string: how a figure grows with a parameter (cluster size, value size,
 * keys), both axes on a log scale so that linear growth is a straight line of slope 1 and a dotted guide
 * shows that slope from the first point of the first series. One colour per variant; the solid line is
 * p50, the dashed one p99 (when given).
 */
import { seriesColor } from './svg-percentiles.js'

export interface GrowthPoint {
  x: number
  p50: number
  p99?: number
}

export interface GrowthSeries {
  label: string
  points: readonly GrowthPoint[]
}

const W = 760
const H = 320
const M = { left: 70, right: 150, top: 14, bottom: 42 }
const PW = W - M.left - M.right
const PH = H - M.top - M.bottom

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function ticks(lo: number, hi: number, steps: readonly number[]): number[] {
  const out: number[] = []
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of steps) {
      const v = Number((m * 10 ** e).toPrecision(2))
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v)
    }
  return out
}

/** Log-scale range around [lo, hi], at least one decade. */
function range(values: readonly number[]): [number, number] {
  let lo = Math.min(...values)
  let hi = Math.max(...values)
  lo = 10 ** (Math.floor(Math.log10(lo) * 3) / 3)
  hi = 10 ** (Math.ceil(Math.log10(hi) * 3) / 3)
  if (hi / lo < 10) {
    const mid = Math.sqrt(lo * hi)
    return [mid / Math.sqrt(10), mid * Math.sqrt(10)]
  }
  return [lo, hi]
}

export function growthSvg(
  series: readonly GrowthSeries[],
  axes: { x: string; y: string; xLabel: (v: number) => string; yLabel: (v: number) => string },
  title = '',
): string {
  const pts = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.p50 > 0)
  if (pts.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="40"><text x="8" y="24">no points</text></svg>`
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b)
  const xLo = xs[0]!
  const xHi = xs.length > 1 ? xs.at(-1)! : xLo * 10
  const [yLo, yHi] = range(pts.flatMap((p) => (p.p99 !== undefined && p.p99 > 0 ? [p.p50, p.p99] : [p.p50])))
  const x = (v: number): number => M.left + (Math.log(v / xLo) / Math.log(xHi / xLo)) * PW
  const y = (v: number): number =>
    M.top + PH - (Math.log(Math.min(Math.max(v, yLo), yHi) / yLo) / Math.log(yHi / yLo)) * PH
  const parts: string[] = []
  for (const v of ticks(yLo, yHi, [1, 2, 5])) {
    parts.push(`<line x1="${M.left}" x2="${M.left + PW}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`)
    parts.push(
      `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${esc(axes.yLabel(v))}</text>`,
    )
  }
  for (const v of xs) {
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${M.top}" y2="${M.top + PH}" stroke="#eee"/>`)
    parts.push(
      `<text x="${x(v)}" y="${M.top + PH + 16}" text-anchor="middle" font-size="11">${esc(axes.xLabel(v))}</text>`,
    )
  }
  parts.push(
    `<text x="${M.left + PW / 2}" y="${H - 6}" text-anchor="middle" font-size="12">${esc(axes.x)} (log scale)</text>`,
    `<text transform="translate(14 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(axes.y)} (log scale)</text>`,
  )
  // The slope of linear growth, through the first point of the first series.
  const first = series[0]?.points[0]
  if (first !== undefined && xs.length > 1)
    parts.push(
      `<line x1="${x(first.x)}" y1="${y(first.p50)}" x2="${x(xHi)}" y2="${y((first.p50 * xHi) / first.x)}" stroke="#999" stroke-dasharray="1 3"><title>linear growth</title></line>`,
    )
  series.forEach((s, i) => {
    const color = seriesColor(i)
    const sorted = [...s.points].filter((p) => p.x > 0 && p.p50 > 0).sort((a, b) => a.x - b.x)
    const line = (ys: Array<readonly [number, number]>, dash: string): void => {
      if (ys.length === 0) return
      const d = ys
        .map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${x(px).toFixed(1)},${y(py).toFixed(1)}`)
        .join(' ')
      parts.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}><title>${esc(s.label)}</title></path>`,
      )
    }
    line(
      sorted.map((p) => [p.x, p.p50] as const),
      '',
    )
    line(
      sorted.flatMap((p) => (p.p99 !== undefined && p.p99 > 0 ? [[p.x, p.p99] as const] : [])),
      ' stroke-dasharray="5 3"',
    )
    for (const p of sorted)
      parts.push(`<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.p50).toFixed(1)}" r="3" fill="${color}"/>`)
    const ly = M.top + 14 + i * 18
    parts.push(
      `<line x1="${M.left + PW + 12}" x2="${M.left + PW + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${M.left + PW + 34}" y="${ly}" font-size="11">${esc(s.label)}</text>`,
    )
  })
  const ly = M.top + 14 + series.length * 18 + 6
  parts.push(
    `<text x="${M.left + PW + 12}" y="${ly}" font-size="10" fill="#555">solid p50, dashed p99</text>`,
    `<text x="${M.left + PW + 12}" y="${ly + 14}" font-size="10" fill="#555">dotted: linear growth</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#888"/>`,
  )
  const label = title === '' ? '' : `<title>${esc(title)}</title>`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img">${label}${parts.join('')}</svg>`
}
