import { type HandoffPropertyId, type HandoffTarget, runHandoffProperty } from 'handoff-harness/suites'
import { describe, expect, test } from 'vitest'

// Proof that the suite can fail: each broken store fails the property it breaks, with a message that
// names the property, and passes a property it does not break (so the failure is specific).
const broken = (module: string): HandoffTarget => ({
  name: module,
  module: `#test-nodes/${module}`,
  // Shorter deadlines: these stores never converge, so every wait runs to its deadline. The store with
  // 1 s batches needs longer to show what it does ship.
  timing: { convergenceMs: module === 'broken-drops-on-stop' ? 4000 : 1500 },
})

const cases: Array<{ store: string; breaks: HandoffPropertyId; keeps: HandoffPropertyId; why: RegExp }> = [
  {
    store: 'broken-never-replicates',
    breaks: 'cross-node-visibility',
    keeps: 'same-node-read',
    why: /to be readable on .* reads \(absent\)/,
  },
  {
    store: 'broken-drops-on-stop',
    breaks: 'graceful-stop-keeps-writes',
    keeps: 'cross-node-visibility',
    why: /acknowledged by .* before its graceful stop to be on every survivor .* reads differ/,
  },
  {
    store: 'broken-blind-apply',
    breaks: 'concurrent-writes-converge',
    keeps: 'cross-node-visibility',
    why: /nodes disagree on \d+ of 16 keys/,
  },
]

describe.each(cases)('$store', ({ store, breaks, keeps, why }) => {
  test(`fails ${breaks}, naming it`, async () => {
    const run = runHandoffProperty(broken(store), breaks)
    await expect(run).rejects.toThrow(`handoff property '${breaks}' failed for ${store}`)
    await expect(run).rejects.toThrow(why)
    await expect(run).rejects.toMatchObject({
      name: 'PropertyFailedError',
      result: { status: 'fail', property: breaks },
    })
  })

  test(`passes ${keeps}`, async () => {
    expect(await runHandoffProperty(broken(store), keeps)).toMatchObject({ status: 'pass' })
  })
})

test('the blind store also diverges after a partition heal', async () => {
  await expect(runHandoffProperty(broken('broken-blind-apply'), 'partition-heal-converges')).rejects.toThrow(
    /handoff property 'partition-heal-converges' failed for broken-blind-apply: history check failed:[\s\S]*divergent/,
  )
})
