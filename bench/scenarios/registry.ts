/**
 * `registry`: `register(key, pid)` on one node until every other node's registry knows the name (its
 * `register` event fired there, so `lookup` finds it). The registry (fixtures/registry) replicates through
 * the reference store: `push` is its default; `interval-300ms` turns push off, Horde.Registry's timing
 * (sync every 300 ms). Paced writes, timed inside the nodes (paced-writes.ts).
 */
import { measurePaced } from './paced-writes.js'
import { compare, eachCell, type Scenario, type ScenarioOutput } from './scenario.js'
import { registrySystem } from './sync-systems.js'

const SCENARIO = 'registry'
const NODES = 3

export const registryScenario: Scenario = {
  name: SCENARIO,
  summary:
    'register on one node until the name is known on every other node of 3 (push vs Horde-like 300 ms)',
  async run(ctx): Promise<ScenarioOutput> {
    const count = ctx.quick ? 40 : 200
    const systems = [
      registrySystem('push', { push: true }),
      registrySystem('interval-300ms', { push: false, syncIntervalMs: 300 }),
    ]
    const results = await eachCell(ctx, systems, (system) => {
      const cell = {
        scenario: SCENARIO,
        variant: system.variant,
        parameters: { nodes: NODES },
        measures: 'register on one node until known on every other node',
      }
      return measurePaced(cell, system, NODES, 0, count)
    })
    const [push, slow] = results
    const comparisons = push && slow ? compare('registry: interval-300ms / push', slow, push) : []
    return { results, comparisons }
  },
}
