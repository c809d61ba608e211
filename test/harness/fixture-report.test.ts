/** The vitest fixture prints every node's log tail under a failing test, and cleans up after a timeout. */
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { isRunning } from '../support/process-state.js'

function runSamples(filter: string): Promise<{ exitCode?: number | undefined; all?: string | undefined }> {
  return execa(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'test/harness/samples/vitest.samples.config.ts',
      '-t',
      filter,
    ],
    { all: true, reject: false, env: { FORCE_COLOR: '0' } },
  )
}

describe('the vitest fixture', () => {
  it('prints the tail of every node log under a failing test', async () => {
    const result = await runSamples('fails on purpose')
    expect(result.exitCode).toBe(1)
    expect(result.all).toMatch(
      /node logs of cluster fails-on-purpose-.* \(test "fails on purpose after a node logged something"\)/,
    )
    expect(result.all).toMatch(/\[fails-on-purpose-[a-z0-9-]+-1\] the-node-said-this/)
    // The harness ended the node at teardown: the tail says so, and does not call it a crash.
    expect(result.all).toMatch(/=== fails-on-purpose-[a-z0-9-]+-1 \(stopped by the harness at teardown\)/)
    expect(result.all).toContain('--- stopped by the harness at teardown (SIGKILL) ---')
    expect(result.all).not.toContain('--- crashed')
    // The test's own failure is the only error reported: the fixture adds none of its own.
    expect(result.all).toContain('expected 1 to be 2')
    expect(result.all).not.toMatch(/Cannot annotate|\[2\/2\]/)
  })

  it('stops the cluster of a test that times out', async () => {
    const result = await runSamples('hangs until its timeout')
    expect(result.exitCode).toBe(1)
    expect(result.all).toContain('Test timed out')
    const printed = /SAMPLE-PIDS (\[.*\])/.exec(result.all ?? '')
    expect(printed, 'the sample started its nodes before it timed out').not.toBeNull()
    const pids = JSON.parse(printed![1]!) as number[]
    expect(pids).toHaveLength(2)
    for (const pid of pids) expect(isRunning(pid)).toBe(false)
  })
})
