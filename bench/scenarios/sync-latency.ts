/**
 * `sync-latency`: a write (stash) on one node until it is visible on every other node, for each system
 * (sync-systems.ts), cluster size and value size, side by side in one run (paced-writes.ts for how).
 */
import type { BenchResult, Comparison } from '../report/schema.js'
import { measurePaced } from './paced-writes.js'
import { compare, eachCell, type Scenario, type ScenarioOutput } from './scenario.js'
import { byVariant, syncSystems } from './sync-systems.js'

const SCENARIO = 'sync-latency'
const MEASURES = 'a write on one node until visible on every other node'

function ratios(results: BenchResult[], nodes: number, valueBytes: number): Comparison[] {
  const cells = results.filter((r) => r.parameters.nodes === nodes && r.parameters.valueBytes === valueBytes)
  const push = byVariant(cells, 'push')
  if (push === undefined) return []
  const size = valueBytes >= 1024 ? `${valueBytes / 1024} KB` : `${valueBytes} B`
  const floor = byVariant(cells, 'mesh-floor')
  return [
    ...cells
      .filter((r) => r !== push && r !== floor && r.status === 'ok')
      .flatMap((r) => compare(`sync ${nodes} nodes ${size}: ${r.variant} / push`, r, push)),
    ...(floor === undefined ? [] : compare(`sync ${nodes} nodes ${size}: push / mesh-floor`, push, floor)),
  ]
}

export const syncLatencyScenario: Scenario = {
  name: SCENARIO,
  summary:
    'a write on one node until visible on every other node: store push vs interval 200/5 ms vs Redis vs bare mesh',
  async run(ctx): Promise<ScenarioOutput> {
    const sizes = ctx.quick ? [100] : [100, 10 * 1024]
    const count = ctx.quick ? 50 : 200
    const results: BenchResult[] = []
    const comparisons: Comparison[] = []
    for (const nodes of ctx.nodeCounts) {
      for (const valueBytes of sizes) {
        const cells = await eachCell(ctx, syncSystems(), (system) => {
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
