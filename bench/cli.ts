/**
 * `handoff-harness bench`: runs the scenarios, prints progress on stderr and a table on stdout at the end,
 * and optionally writes JSON (`--json`), compares with a baseline (`--baseline`, exit 3 on regression)
 * and writes an HTML report (`--html`). Exit 1 when a scenario failed or left a process behind.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseBenchArgs, UsageError, usage } from './cli-args.js'
import { checkBaseline, formatVerdict, parseBaseline } from './report/baseline.js'
import { renderHtml } from './report/html.js'
import type { BenchReport } from './report/schema.js'
import { formatReport } from './report/table.js'
import { runScenarios } from './run/runner.js'
import { SCENARIOS } from './scenarios/index.js'

async function write(file: string, text: string): Promise<void> {
  const path = resolve(file)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}

export async function runBenchCli(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseBenchArgs>
  try {
    opts = parseBenchArgs(
      argv,
      SCENARIOS.map((s) => s.name),
    )
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`handoff-harness bench: ${err.message}\n\n${usage(SCENARIOS)}\n`)
    return 2
  }
  if (opts.help) {
    process.stdout.write(`${usage(SCENARIOS)}\n`)
    return 0
  }
  // Read the baseline first: a bad file should fail before minutes of measuring.
  let baseline: BenchReport | undefined
  try {
    if (opts.baseline !== undefined)
      baseline = parseBaseline(await readFile(opts.baseline, 'utf8'), opts.baseline)
  } catch (err) {
    process.stderr.write(`handoff-harness bench: ${(err as Error).message}\n`)
    return 2
  }
  const selected = SCENARIOS.filter((s) => opts.scenarios.includes(s.name))
  const report = await runScenarios(selected, {
    quick: opts.quick,
    nodes: opts.nodes,
    progress: (line) => process.stderr.write(`${line}\n`),
  })
  process.stdout.write(`\n${formatReport(report)}\n`)
  if (opts.json !== undefined) await write(opts.json, `${JSON.stringify(report, null, 2)}\n`)
  if (opts.html !== undefined)
    await write(opts.html, renderHtml(report, new Map(SCENARIOS.map((s) => [s.name, s.summary]))))
  let code = report.results.some((r) => r.status === 'failed') || report.leftoverProcesses.length > 0 ? 1 : 0
  if (baseline !== undefined) {
    const verdict = checkBaseline(report, baseline, opts.tolerance)
    process.stdout.write(`\n${formatVerdict(verdict, opts.tolerance)}\n`)
    if (verdict.regressions.length > 0) code = 3
  }
  return code
}
