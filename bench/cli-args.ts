/** `handoff-harness bench` options, parsed and checked. */
import { parseArgs } from 'node:util'

export interface BenchOptions {
  scenarios: string[]
  nodes: number[]
  quick: boolean
  json: string | undefined
  baseline: string | undefined
  html: string | undefined
  /** Relative slack allowed against the baseline before a result counts as a regression. */
  tolerance: number
  help: boolean
}

export class UsageError extends Error {
  override name = 'UsageError'
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

export function parseBenchArgs(argv: string[], known: readonly string[]): BenchOptions {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const quick = values.quick === true
  const scenarios = list(values.scenario) ?? [...known]
  const unknown = scenarios.filter((s) => !known.includes(s))
  if (unknown.length > 0)
    throw new UsageError(`unknown scenario ${unknown.join(', ')} (known: ${known.join(', ')})`)
  const nodes = (list(values.nodes) ?? (quick ? ['3'] : ['2', '3', '5'])).map(Number)
  if (nodes.some((n) => !Number.isInteger(n) || n < 2 || n > 16))
    throw new UsageError(`--nodes takes cluster sizes between 2 and 16, e.g. 2,3,5 (got '${values.nodes}')`)
  const tolerance = values.tolerance === undefined ? 0.25 : Number(values.tolerance)
  if (!(tolerance >= 0))
    throw new UsageError(`--tolerance takes a fraction such as 0.25 (got '${values.tolerance}')`)
  return {
    scenarios,
    nodes,
    quick,
    json: values.json,
    baseline: values.baseline,
    html: values.html,
    tolerance,
    help: values.help === true,
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      scenario: { type: 'string' },
      nodes: { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'string' },
      baseline: { type: 'string' },
      html: { type: 'string' },
      tolerance: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

export function usage(scenarios: ReadonlyArray<{ name: string; summary: string }>): string {
  const width = Math.max(...scenarios.map((s) => s.name.length))
  return `usage: handoff-harness bench [options]

options:
  --scenario a,b     run only these scenarios (default: all)
  --nodes 2,3,5      cluster sizes for scenarios that vary them (default 2,3,5; --quick: 3)
  --quick            fewer samples and cells: the whole run takes under a minute
  --json FILE        write the results as JSON (schema handoff-harness/bench@1)
  --baseline FILE    compare with an earlier --json file; exit 3 when a result regressed
  --tolerance F      relative slack for --baseline (default 0.25; p99 gets twice as much)
  --html FILE        write a self-contained HTML report with a latency plot per scenario
  -h, --help         this text

scenarios:
${scenarios.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}

exit codes: 0 ok, 1 a scenario failed or a process was left behind, 2 usage, 3 regression vs --baseline`
}
