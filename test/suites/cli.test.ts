import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { conformance, jsonReport, reportDir } from './conformance-cli.js'

// The bin as a user runs it: `node dist/cli/main.js conformance ...` (vitest's global setup builds dist).

// A whole suite (nine properties, a fresh cluster each, plus the node that reads the claims) on a
// loaded 2-core machine: more than the default per-test minute.
const WHOLE_SUITE = { timeout: 180_000 }

describe('handoff-harness conformance', () => {
  const reportFile = reportDir('conformance-cli-')

  test(
    'the reference store passes every property: exit 0, progress on stderr, a summary table',
    WHOLE_SUITE,
    async () => {
      const run = await conformance('--store', 'handoff-harness/fixtures/state-handoff')
      expect(run.stderr).toMatch(/\[1\/10\] same-node-read \.\.\. pass/)
      expect(run.stderr).toMatch(/\[9\/10\] workload-under-delay \.\.\. pass/)
      expect(run.stdout).toMatch(
        /handoff conformance — target handoff-harness\/fixtures\/state-handoff, 3 nodes/,
      )
      expect(run.stdout).toMatch(/partition-heal-converges\s+pass/)
      expect(run.stdout).toMatch(/kill-loss-window\s+pass \(info\)/)
      expect(run.stdout).toMatch(
        /9 passed, 0 failed, 0 errors, 1 skipped — every claimed property holds: yes/,
      )
      expect(run.exitCode).toBe(0)
    },
  )

  test('a broken store: exit 1, and the junit report names the broken property', async () => {
    const output = reportFile('report.xml')
    const run = await conformance(
      '--store',
      '#test-nodes/broken-never-replicates',
      '--only',
      'same-node-read,cross-node-visibility',
      '--nodes',
      '2',
      '--convergence-ms',
      '1000',
      '--reporter',
      'junit',
      '--output',
      output,
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/cross-node-visibility\s+FAIL/)
    expect(run.stdout).toMatch(/every claimed property holds: NO/)
    const xml = await readFile(output, 'utf8')
    expect(xml).toMatch(
      /<testsuite name="handoff conformance: #test-nodes\/broken-never-replicates" tests="2" failures="1"/,
    )
    expect(xml).toMatch(
      /<failure message="handoff property &apos;cross-node-visibility&apos; failed|<failure message="handoff property 'cross-node-visibility' failed/,
    )
  })

  test('unclaimed properties are skipped with the reason, not failed; json report', async () => {
    const run = await conformance(
      '--store',
      '#test-nodes/suite-partial-store',
      '--only',
      'same-node-read,cross-node-visibility',
      '--reporter',
      'json',
    )
    expect(run.exitCode).toBe(0)
    const report = jsonReport(run.stdout)
    expect(report.ok).toBe(true)
    expect(report.results).toEqual([
      expect.objectContaining({ property: 'same-node-read', status: 'pass', claimed: true }),
      expect.objectContaining({
        property: 'cross-node-visibility',
        status: 'skipped',
        claimed: false,
        reason: expect.stringMatching(/^not claimed by #test-nodes\/suite-partial-store/),
      }),
    ])
  })

  test(
    'the registry suite: our registry passes every property (exit 0, json report written to --output)',
    WHOLE_SUITE,
    async () => {
      const output = reportFile('registry.json')
      const run = await conformance(
        '--suite',
        'registry',
        '--store',
        'handoff-harness/fixtures/registry-target',
        '--reporter',
        'json',
        '--output',
        output,
      )
      expect(run.stderr).toMatch(/\[4\/4\] one-winner-after-heal \.\.\. pass/)
      expect(run.stdout).toMatch(
        /4 passed, 0 failed, 0 errors, 0 skipped — every claimed property holds: yes/,
      )
      expect(run.exitCode).toBe(0)
      const report = jsonReport(await readFile(output, 'utf8'))
      expect(report).toMatchObject({ suite: 'registry', ok: true })
      expect(report.results).toHaveLength(4)
    },
  )

  test('the registry suite: a broken registry exits 1, and the junit report names the broken property', async () => {
    const output = reportFile('registry.xml')
    const run = await conformance(
      '--suite',
      'registry',
      '--store',
      '#test-nodes/broken-registry-keeps-names',
      '--only',
      'names-removed-on-exit',
      '--convergence-ms',
      '1000',
      '--reporter',
      'junit',
      '--output',
      output,
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/names-removed-on-exit\s+FAIL/)
    const xml = await readFile(output, 'utf8')
    expect(xml).toMatch(
      /<testsuite name="registry conformance: #test-nodes\/broken-registry-keeps-names" tests="1" failures="1"/,
    )
    expect(xml).toMatch(/registry property (&apos;|')names-removed-on-exit(&apos;|') failed/)
  })

  test('usage errors exit 2 with the usage text', async () => {
    const missing = await conformance()
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toMatch(/--store <module> is required[\s\S]*usage: handoff-harness conformance/)
    const unknown = await conformance('--store', 'x', '--only', 'no-such-property')
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toMatch(/unknown handoff properties no-such-property/)
  })
})
