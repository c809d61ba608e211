import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { conformance, jsonReport, reportDir } from './conformance-cli.js'

// The CLI's verdicts and exit codes: 0 every claimed property passed, 1 one failed or errored, 2 usage
// (found before any cluster starts). Run as a user runs the bin: `node dist/cli/main.js conformance`.

describe('handoff-harness conformance verdicts', { timeout: 180_000 }, () => {
  const reportFile = reportDir('conformance-verdicts-')

  test('a store module that does not resolve is a usage error (exit 2) before any cluster starts', async () => {
    // A file path without ./ is a bare specifier: the package 'test' does not exist.
    const path = await conformance('--store', 'test/nodes/verdict-one-claim.ts')
    expect(path.exitCode).toBe(2)
    expect(path.stderr).toMatch(/--store test\/nodes\/verdict-one-claim\.ts: cannot resolve the module/)
    expect(path.stderr).toMatch(/write it as a path, --store \.\/test\/nodes\/verdict-one-claim\.ts/)
    expect(path.stderr).toMatch(/usage: handoff-harness conformance/)
    expect(path.stderr).not.toMatch(/conformance of/)
    const missing = await conformance('--store', './test/nodes/no-such-store.ts')
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toMatch(/no such file .*no-such-store\.ts/)
    const pkg = await conformance('--store', 'no-such-package-hh/store')
    expect(pkg.exitCode).toBe(2)
    expect(pkg.stderr).toMatch(/cannot resolve the module \(Cannot find package 'no-such-package-hh'/)
  })

  test('a .ts store claiming one property runs exactly that one (exit 0)', async () => {
    const run = await conformance(
      '--store',
      './test/nodes/verdict-one-claim.ts',
      '--nodes',
      '2',
      '--reporter',
      'json',
    )
    expect(run.exitCode).toBe(0)
    const report = jsonReport(run.stdout)
    expect(report.ok).toBe(true)
    expect(report.results.filter((r) => r.status !== 'skipped')).toEqual([
      expect.objectContaining({ property: 'same-node-read', status: 'pass', claimed: true }),
    ])
    expect(report.results.filter((r) => r.status === 'skipped')).toHaveLength(9)
    expect(run.stderr).toMatch(/1 passed, 0 failed, 0 errors, 9 skipped — every claimed property holds: yes/)
  })

  test('a store whose boot fails: ERROR, not FAIL (exit 1); json and junit say error', async () => {
    const output = reportFile('boot.xml')
    const run = await conformance(
      '--store',
      '#test-nodes/failing-boot',
      '--only',
      'same-node-read,delete',
      '--nodes',
      '2',
      '--reporter',
      'junit',
      '--output',
      output,
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/same-node-read\s+ERROR/)
    expect(run.stdout).not.toMatch(/FAIL/)
    expect(run.stdout).toMatch(/errors \(not verdicts: the target could not be set up\):/)
    expect(run.stdout).toMatch(/boot module refused to start/)
    expect(run.stdout).toMatch(/0 passed, 0 failed, 2 errors, 0 skipped — every claimed property holds: NO/)
    const xml = await readFile(output, 'utf8')
    expect(xml).toMatch(/<testsuite name="[^"]*" tests="2" failures="0" errors="2" skipped="0"/)
    expect(xml).toMatch(/<error message="handoff property (&apos;|')same-node-read(&apos;|') could not run/)
  })

  test('a store that crashes its node mid-property fails that property (exit 1)', async () => {
    const run = await conformance(
      '--store',
      '#test-nodes/broken-crash-when-isolated',
      '--only',
      'partition-heal-converges',
      '--diagnostics',
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/partition-heal-converges\s+FAIL/)
    expect(run.stdout).toMatch(
      /node \S+ exited without the property asking for it \(exit code 1\); last log lines:/,
    )
    expect(run.stdout).toMatch(/0 passed, 1 failed, 0 errors, 0 skipped/)
  })
})
