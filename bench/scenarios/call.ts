/**
 * `call`: the round trip of `cluster.call(node, echo, [value])` against a raw `process.send` echo child
 * (same message shape, same serialization), measured the same way in the same run: tinybench async tasks,
 * in alternating rounds so that neither side always runs first on a warmer or colder machine.
 */

import { Cluster, remote } from 'handoff-harness'
import { Bench } from 'tinybench'
import { okResult } from '../report/result.js'
import type { BenchResult } from '../report/schema.js'
import { benchNodeModule } from '../run/module-path.js'
import { RawEchoChild } from '../run/raw-echo-child.js'
import { compare, type Scenario, type ScenarioContext, type ScenarioOutput } from './scenario.js'

const PAYLOAD = { seq: 0, text: 'x'.repeat(64) }

async function measure(ctx: ScenarioContext, cluster: Cluster, raw: RawEchoChild) {
  const echoModule = benchNodeModule('echo')
  const Echo = remote<typeof import('../nodes/echo.js')>(echoModule)
  const [node] = cluster.nodes()
  const samples = { call: [] as number[], raw: [] as number[] }
  const tasks = {
    call: () => cluster.call(node!, Echo.echo, [PAYLOAD]),
    raw: () => raw.roundTrip(echoModule, 'echo', PAYLOAD),
  }
  const rounds = ctx.quick ? 2 : 4
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      name: `call round ${round + 1}`,
      time: ctx.quick ? 300 : 1500,
      warmupTime: ctx.quick ? 100 : 300,
      retainSamples: true,
    })
    const order: Array<'call' | 'raw'> = round % 2 === 0 ? ['call', 'raw'] : ['raw', 'call']
    for (const name of order) bench.add(name, tasks[name], { async: true })
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (result.state !== 'completed') throw new Error(`task ${task.name} ended ${result.state}`)
      samples[task.name as 'call' | 'raw'].push(...(result.latency.samples ?? []))
    }
    ctx.progress(`call: round ${round + 1}/${rounds} done`)
  }
  return samples
}

export const callScenario: Scenario = {
  name: 'call',
  summary: 'cluster.call round trip vs a raw process.send echo child (same message, same serialization)',
  async run(ctx): Promise<ScenarioOutput> {
    let cluster: Cluster | undefined
    let raw: RawEchoChild | undefined
    try {
      cluster = await Cluster.start({ name: `bench-call-${process.pid}`, nodes: 1 })
      raw = await RawEchoChild.start()
      const samples = await measure(ctx, cluster, raw)
      const parameters = { payloadBytes: JSON.stringify(PAYLOAD).length }
      const call: BenchResult = okResult(
        { scenario: 'call', variant: 'cluster.call', parameters, measures: 'one call round trip' },
        { samplesMs: samples.call },
      )
      const floor: BenchResult = okResult(
        { scenario: 'call', variant: 'raw-ipc-echo', parameters, measures: 'one IPC echo round trip' },
        { samplesMs: samples.raw },
      )
      return { results: [call, floor], comparisons: compare('cluster.call / raw IPC echo', call, floor) }
    } finally {
      await raw?.stop()
      await cluster?.stop()
    }
  },
}
