/**
 * The bench CLI end to end, as a user runs it: `node dist/cli/main.js bench --quick --scenario call ...`
 * (the global setup builds dist/). Checks the JSON against the schema, the HTML, the baseline exit codes
 * and that no process is left behind — never how fast anything was.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BenchReport } from '../../bench/report/schema.js'
import { validateReport } from '../../bench/report/validate.js'

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
let dir: string
let report: BenchReport
let firstRun: Awaited<ReturnType<typeof bench>>

function bench(args: string[]) {
  return execa(process.execPath, [cli, 'bench', ...args], { cwd: dir, reject: false, timeout: 120_000 })
}

/** The report with every quantile scaled, as a fake earlier run. */
function scaled(r: BenchReport, factor: number): BenchReport {
  return {
    ...r,
    results: r.results.map((x) => ({
      ...x,
      quantiles:
        x.quantiles === null
          ? null
          : {
              p0: x.quantiles.p0 * factor,
              p50: x.quantiles.p50 * factor,
              p95: x.quantiles.p95 * factor,
              p99: x.quantiles.p99 * factor,
              p100: x.quantiles.p100 * factor,
            },
    })),
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-cli-'))
  firstRun = await bench(['--quick', '--scenario', 'call', '--json', 'out.json', '--html', 'report/out.html'])
  report = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as BenchReport
}, 120_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('handoff-harness bench --quick --scenario call', () => {
  it('exits 0, prints progress on stderr and a table on stdout', () => {
    expect(firstRun.exitCode, firstRun.stderr).toBe(0)
    expect(firstRun.stderr).toMatch(/call: start/)
    expect(firstRun.stdout).toMatch(/scenario\s+variant\s+parameters\s+samples\s+p0 ms\s+p50 ms/)
    expect(firstRun.stdout).toMatch(/cluster\.call \/ raw IPC echo/)
  })

  it('writes JSON that matches the schema, with both sides of the comparison', () => {
    expect(validateReport(report)).toEqual([])
    expect(report.options).toMatchObject({ quick: true, scenarios: ['call'] })
    expect(report.machine.cpus).toBeGreaterThan(0)
    expect(report.node).toBe(process.version)
    const variants = report.results.map((r) => `${r.scenario}/${r.variant}`)
    expect(variants).toEqual(['call/cluster.call', 'call/raw-ipc-echo'])
    for (const r of report.results) {
      expect(r.status).toBe('ok')
      expect(r.samples).toBeGreaterThan(0)
      expect(Object.keys(r.quantiles ?? {})).toEqual(['p0', 'p50', 'p95', 'p99', 'p100'])
    }
    expect(report.comparisons).toHaveLength(1)
    expect(report.comparisons[0]!.subject).toBe(report.results[0]!.id)
    expect(report.targets.map((t) => t.label)).toContain('call p50 / raw process.send echo p50')
    const callTarget = report.targets.find((t) => t.label === 'call p50 / raw process.send echo p50')
    expect(callTarget?.floor).toBe(report.results[1]!.quantiles!.p50)
  })

  it('leaves no process behind', () => {
    expect(report.leftoverProcesses).toEqual([])
  })

  it('writes a self-contained HTML report with a plot', async () => {
    const html = await readFile(join(dir, 'report', 'out.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<svg')
    expect(html).toContain('cluster.call')
    expect(html).not.toMatch(/<script|<link|src="http|href="http/)
  })
})

describe('--baseline', () => {
  it('exits 3 and names the cell when a result regressed past the tolerance', async () => {
    await writeFile(join(dir, 'fast.json'), JSON.stringify(scaled(report, 1 / 1000)))
    const run = await bench(['--quick', '--scenario', 'call', '--baseline', 'fast.json'])
    expect(run.exitCode, run.stderr).toBe(3)
    expect(run.stdout).toMatch(/REGRESSED call\/cluster\.call\[[^\]]*\] p50/)
  }, 120_000)

  it('exits 0 when every result is within the tolerance of the baseline', async () => {
    await writeFile(join(dir, 'slow.json'), JSON.stringify(scaled(report, 1000)))
    const run = await bench(['--quick', '--scenario', 'call', '--baseline', 'slow.json'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/2 cells compared .* 0 regressions/)
  }, 120_000)

  it('refuses a file that is not a bench report before measuring anything (exit 2)', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ schema: 'something else' }))
    const run = await bench(['--scenario', 'call', '--baseline', 'bad.json'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/not a valid handoff-harness\/bench@1 report/)
    expect(run.stderr).not.toMatch(/call: start/)
  })
})

describe('usage', () => {
  it('an unknown scenario is a usage error (exit 2) that lists the known ones', async () => {
    const run = await bench(['--scenario', 'nope'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/unknown scenario nope \(known: call, node-start/)
  })

  it('--help lists every option and scenario', async () => {
    const run = await bench(['--help'])
    expect(run.exitCode).toBe(0)
    for (const word of [
      '--scenario',
      '--nodes',
      '--quick',
      '--json',
      '--baseline',
      '--html',
      'sync-latency',
      'burst',
    ])
      expect(run.stdout).toContain(word)
  })
})
