import { fileURLToPath } from 'node:url'
import {
  type HandoffTarget,
  PropertyFailedError,
  PropertySetupError,
  runHandoffProperty,
  runHandoffSuite,
  runRegistrySuite,
} from 'handoff-harness/suites'
import { describe, expect, test } from 'vitest'

// The guards that keep a verdict honest: a node that exits on its own fails the property whatever the
// history says; a store that cannot be set up is an `error`, never a `fail`; a module's own
// `capabilities` (even from a .ts file) decide which properties run.
const store = (module: string, extra: Partial<HandoffTarget> = {}): HandoffTarget => ({
  name: module,
  module: `#test-nodes/${module}`,
  timing: { convergenceMs: 3000 },
  ...extra,
})

describe('a node that exits without the property asking for it', () => {
  test('fails partition-heal-converges with the node, its exit code and its log tail', async () => {
    const run = runHandoffProperty(store('broken-crash-when-isolated'), 'partition-heal-converges')
    const err = (await run.catch((e: unknown) => e)) as PropertyFailedError
    expect(err).toBeInstanceOf(PropertyFailedError)
    expect(err.result).toMatchObject({ status: 'fail', property: 'partition-heal-converges' })
    // The first node is alone on its side of the partition: it loses every peer and crashes.
    expect(err.message).toMatch(
      /^handoff property 'partition-heal-converges' failed for broken-crash-when-isolated: node \S+-1 exited without the property asking for it \(exit code 1\); last log lines:\n/,
    )
    expect(err.message).toMatch(/Unhandled 'error' event|ECONNRESET/)
    expect(err.result.diagnostics).toMatch(/crashed \(code 1\)/)
  })

  test('fails even an informational property (kill -9 of the writer isolates the survivor)', async () => {
    const run = runHandoffProperty(store('broken-crash-when-isolated'), 'kill-loss-window', { nodes: 2 })
    await expect(run).rejects.toThrow(
      /failed for broken-crash-when-isolated: node \S+-2 exited without the property asking for it \(exit code 1\)/,
    )
  })

  test('a node the property stops or kills itself is not a crash', async () => {
    const result = await runHandoffProperty(store('suite-good-store'), 'graceful-stop-keeps-writes')
    expect(result.status).toBe('pass')
  })
})

describe('a store that cannot be set up is an error, not a failure', () => {
  test('a boot module that throws: error, with the cause', async () => {
    const run = runHandoffProperty(store('failing-boot'), 'same-node-read')
    const err = (await run.catch((e: unknown) => e)) as PropertySetupError
    expect(err).toBeInstanceOf(PropertySetupError)
    expect(err.result.status).toBe('error')
    expect(err.message).toMatch(
      /^handoff property 'same-node-read' could not run for failing-boot \(error, not a verdict\): failing-boot could not be set up: node \S+ did not start: start\(\) of boot module '#test-nodes\/failing-boot' threw: Error: boot module refused to start/,
    )
  })

  test('a boot that times out: error in the suite result, which does not hold', async () => {
    const target = store('broken-boot-hangs', { nodeOptions: { startTimeoutMs: 1500 } })
    const suite = await runHandoffSuite(target, { only: ['same-node-read', 'delete'], nodes: 2 })
    expect(suite.ok).toBe(false)
    expect(suite.results.map((r) => r.status)).toEqual(['error', 'error'])
    expect(suite.results[0]!.reason).toMatch(/could not run .*not ready within 1500 ms \(startTimeoutMs\)/)
  })

  test('a module that does not load in a node: error naming the import failure', async () => {
    const run = runHandoffProperty(store('no-such-store'), 'same-node-read')
    await expect(run).rejects.toMatchObject({ name: 'PropertySetupError', result: { status: 'error' } })
    await expect(run).rejects.toThrow(/could not import '#test-nodes\/no-such-store'/)
  })
})

describe("the module's capabilities decide what runs", () => {
  // Its nodes load it through tsx: slow to start on a loaded machine, and a start timeout is not what
  // these tests are about.
  const oneClaim: HandoffTarget = {
    name: 'one-claim',
    module: fileURLToPath(new URL('../nodes/verdict-one-claim.ts', import.meta.url)),
    nodeOptions: { startTimeoutMs: 40_000 },
  }

  test('a .ts store claiming one property: that one runs, the others are skipped as not claimed', async () => {
    const suite = await runHandoffSuite(oneClaim, { nodes: 2 })
    const ran = suite.results.filter((r) => r.status !== 'skipped')
    expect(ran).toEqual([
      expect.objectContaining({ property: 'same-node-read', status: 'pass', claimed: true }),
    ])
    expect(suite.results).toHaveLength(10)
    for (const r of suite.results.filter((r) => r.status === 'skipped'))
      expect(r).toMatchObject({
        claimed: false,
        reason: 'not claimed by one-claim (capabilities: same-node-read)',
      })
    expect(suite.ok).toBe(true)
  })

  test('a single property the module does not claim is skipped', async () => {
    const result = await runHandoffProperty(oneClaim, 'cross-node-visibility')
    expect(result).toMatchObject({ status: 'skipped', claimed: false })
  })

  test('the registry suite too: a property the module breaks but does not claim is skipped, not failed', async () => {
    const module = '#test-nodes/verdict-registry-one-claim'
    const suite = await runRegistrySuite(
      { name: 'registry-one-claim', module, nodeOptions: { startTimeoutMs: 40_000 } },
      { nodes: 2 },
    )
    expect(suite.results.map((r) => `${r.property}=${r.status}`)).toEqual([
      'unique-names=skipped',
      'lookup-from-every-node=pass',
      'names-removed-on-exit=skipped',
      'one-winner-after-heal=skipped',
    ])
    expect(suite.ok).toBe(true)
  })
})
