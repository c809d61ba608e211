/**
 * `sync-latency`: a write (stash) on one node until it is visible on every other node, for each system
 * (sync-systems.ts), cluster size and value size, side by side in one run (paced-writes.ts for how).
 * Every store figure is read against two floors from the same run: `mesh-floor` (the harness mesh, no
 * store) and `raw-tcp` (plain sockets, no harness). 1 MB values run only the systems a user would put
 * 1 MB through per write (push, Redis, the floors), with fewer writes: growth with value size.
 */
import type { BenchResult, Comparison } from '../report/schema.js'
import { measurePaced } from './paced-writes.js'
import { compare, eachCell, type Scenario, type ScenarioOutput } from './scenario.js'
import { byVariant, syncSystems } from './sync-systems.js'

const SCENARIO = 'sync-latency'
const MEASURES = 'a write on one node until visible on every other node'
export const MB_VALUE = 1024 * 1024

export function sizeLabel(bytes: number): string {
  if (bytes >= MB_VALUE) return `${bytes / MB_VALUE} MB`
  return bytes >= 1024 ? `${bytes / 1024} KB` : `${bytes} B`
}

function ratios(results: BenchResult[], nodes: number, valueBytes: number): Comparison[] {
  const cells = results.filter((r) => r.parameters.nodes === nodes && r.parameters.valueBytes === valueBytes)
  const push = byVariant(cells, 'push')
  const mesh = byVariant(cells, 'mesh-floor')
  const raw = byVariant(cells, 'raw-tcp')
  const at = `sync ${nodes} nodes ${sizeLabel(valueBytes)}`
  const floors = new Set([push, mesh, raw])
  return [
    ...(push === undefined
      ? []
      : cells
          .filter((r) => !floors.has(r) && r.status === 'ok')
          .flatMap((r) => compare(`${at}: ${r.variant} / push`, r, push))),
    ...(push === undefined || mesh === undefined ? [] : compare(`${at}: push / mesh-floor`, push, mesh)),
    ...(push === undefined || raw === undefined ? [] : compare(`${at}: push / raw-tcp`, push, raw)),
    ...(mesh === undefined || raw === undefined ? [] : compare(`${at}: mesh-floor / raw-tcp`, mesh, raw)),
  ]
}

const BIG_VALUE_SYSTEMS = new Set(['push', 'redis', 'mesh-floor', 'raw-tcp'])

export const syncLatencyScenario: Scenario = {
  name: SCENARIO,
  summary:
    'a write on one node until visible on every other node: store push vs interval 200/5 ms vs Redis vs bare mesh vs raw TCP; 100 B, 10 KB, 1 MB',
  async run(ctx): Promise<ScenarioOutput> {
    const sizes = ctx.quick ? [100] : [100, 10 * 1024, MB_VALUE]
    const results: BenchResult[] = []
    const comparisons: Comparison[] = []
    for (const nodes of ctx.nodeCounts) {
      for (const valueBytes of sizes) {
        const big = valueBytes >= MB_VALUE
        const count = ctx.quick ? 50 : big ? 50 : 200
        const systems = syncSystems().filter((s) => !big || BIG_VALUE_SYSTEMS.has(s.variant))
        const cells = await eachCell(ctx, systems, (system) => {
          const cell = {
            scenario: SCENARIO,
            variant: system.variant,
            parameters: { nodes, valueBytes },
            measures: MEASURES,
          }
          return measurePaced(cell, system, nodes, valueBytes, count)
        })
        results.push(...cells)
        comparisons.push(...ratios(results, nodes, valueBytes))
      }
    }
    return { results, comparisons }
  },
}
