/**
 * How a human reads a linearizability verdict: one line for the result, and for a violation the
 * smallest window of operations that cannot be ordered, one per line in start order with times in ms
 * relative to the window's first invocation, plus a timeline (SVG in an HTML fragment) with a row per
 * client, a bar per operation (hatched when it never returned) and the nemesis's faults under it.
 */
import { showValue } from '../history/value-codec.js'
import type { LinCheckResult, LinCounterexample } from './check.js'
import { describeLinOp, type LinEvent, type LinOp } from './op.js'

const show = (v: unknown) => showValue(v, 40)
const fixed = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '∞')

/** `#12 n1 write 5 [3.0 → 4.2]` with times relative to `origin`. */
export function formatOp(op: LinOp, origin: number): string {
  const end =
    op.end === undefined || op.result !== 'ok'
      ? `never returned${op.result === 'info' ? ' (info)' : ''}`
      : fixed(op.end - origin)
  return `#${op.id} ${op.client} ${describeLinOp(op, show)} [${fixed(op.start - origin)} → ${end}]`
}

export function formatCounterexample(c: LinCounterexample): string {
  const origin = Math.min(...c.window.map((op) => op.start))
  const from = c.fromStart ? 'starting from the absent key' : 'whatever the key held before them'
  return [
    `key ${c.key}: these ${c.window.length} operations cannot be ordered as one register (${from}; ms from the first):`,
    ...c.window.map((op) => `  ${formatOp(op, origin)}`),
  ].join('\n')
}

/** One line, plus the counterexample when there is one. */
export function formatLinReport(result: LinCheckResult): string {
  const head =
    `${result.verdict}: ${result.ops} ops on ${result.keys} keys checked in ${result.elapsedMs.toFixed(1)} ms` +
    (result.failedKeys.length > 0 ? `; ${result.failedKeys.length} key(s) not linearizable` : '') +
    (result.unknownKeys.length > 0 ? `; ${result.unknownKeys.length} key(s) unknown (time budget spent)` : '')
  return result.counterexample === undefined
    ? head
    : `${head}\n${formatCounterexample(result.counterexample)}`
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export interface LinTimelineOptions {
  /** Faults to draw under the operations (those overlapping the window). */
  readonly events?: readonly LinEvent[]
  /** Width of the drawing, px. Default 720. */
  readonly width?: number
}

/**
 * An HTML fragment (`<figure>` with an inline SVG) drawing the counterexample's window: a row per
 * client, a bar per operation from invocation to return (open-ended when it never returned).
 */
export function counterexampleTimeline(c: LinCounterexample, options: LinTimelineOptions = {}): string {
  const ops = c.window
  const width = options.width ?? 720
  const origin = Math.min(...ops.map((op) => op.start))
  const finite = ops.flatMap((op) => (op.end === undefined || op.result !== 'ok' ? [op.start] : [op.end]))
  const span = Math.max(1e-3, Math.max(...finite) - origin) * 1.15
  const clients = [...new Set(ops.map((op) => op.client))].sort()
  const left = 90
  const row = 28
  const x = (t: number) => left + ((t - origin) / span) * (width - left - 10)
  const events = (options.events ?? []).filter((e) => e.time >= origin && e.time <= origin + span)
  const height = 24 + clients.length * row + (events.length > 0 ? 20 : 0)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`,
  ]
  clients.forEach((client, i) => {
    parts.push(`<text x="4" y="${24 + i * row + 14}">${esc(client)}</text>`)
  })
  for (const op of ops) {
    const i = clients.indexOf(op.client)
    const open = op.end === undefined || op.result !== 'ok'
    const x0 = x(op.start)
    const x1 = open ? width - 10 : Math.max(x0 + 2, x(op.end as number))
    const y = 24 + i * row
    const fill = op.kind === 'read' ? '#cfe3ff' : op.kind === 'cas' ? '#ffe2b8' : '#d6f5d6'
    parts.push(
      `<g><title>${esc(formatOp(op, origin))}</title>` +
        `<rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="20" fill="${fill}" stroke="#555"${open ? ' stroke-dasharray="4 3"' : ''}/>` +
        `<text x="${(x0 + 3).toFixed(1)}" y="${y + 14}">${esc(`#${op.id} ${describeLinOp(op, show)}`)}</text></g>`,
    )
  }
  const axis = 24 + clients.length * row
  for (const e of events) {
    const ex = x(e.time)
    parts.push(
      `<line x1="${ex.toFixed(1)}" y1="20" x2="${ex.toFixed(1)}" y2="${axis}" stroke="#c00" stroke-dasharray="2 2"/>` +
        `<text x="${(ex + 2).toFixed(1)}" y="${axis + 14}" fill="#c00">${esc(e.detail === undefined ? e.name : `${e.name} ${e.detail}`)}</text>`,
    )
  }
  parts.push(
    `<text x="${left}" y="12">key ${esc(c.key)} — ms from ${fixed(0)} to ${fixed(span)}</text></svg>`,
  )
  return `<figure class="linearizability-counterexample">${parts.join('')}<figcaption>${esc(formatCounterexample(c)).replace(/\n/g, '<br>')}</figcaption></figure>`
}
