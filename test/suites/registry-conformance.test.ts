import {
  type RegistryPropertyId,
  type RegistryTarget,
  registryConformance,
  runRegistryProperty,
} from 'handoff-harness/suites'
import { describe, expect, test } from 'vitest'

// Our registry, through its adapter, holds every property of the registry suite.
registryConformance({ name: 'registry', module: 'handoff-harness/fixtures/registry-target' })

// Proof that the suite can fail: each broken registry fails the properties it breaks, with a message
// that names the property, and passes one it does not break (so the failure is specific).
const broken = (module: string): RegistryTarget => ({
  name: module,
  module: `#test-nodes/${module}`,
  // Shorter deadlines: these registries never converge, so every wait runs to its deadline.
  timing: { convergenceMs: 1500 },
})

const cases: Array<{ registry: string; breaks: RegistryPropertyId; why: RegExp }> = [
  {
    registry: 'broken-registry-local-only',
    breaks: 'lookup-from-every-node',
    why: /to be found from every node.*lookup\('.*from-first'\): .* → nobody.*expected .* on every node/,
  },
  {
    registry: 'broken-registry-local-only',
    breaks: 'unique-names',
    why: /every node to look '.*contested' up as the same one of the accepted holders.*expected one holder on every node/,
  },
  {
    registry: 'broken-registry-keeps-names',
    breaks: 'names-removed-on-exit',
    why: /to be removed from every node.*expected nobody on every node/,
  },
]

describe.each(cases)('$registry', ({ registry, breaks, why }) => {
  test(`fails ${breaks}, naming it`, async () => {
    const run = runRegistryProperty(broken(registry), breaks)
    await expect(run).rejects.toThrow(`registry property '${breaks}' failed for ${registry}`)
    await expect(run).rejects.toThrow(why)
    await expect(run).rejects.toMatchObject({
      name: 'PropertyFailedError',
      result: { status: 'fail', property: breaks },
    })
  })
})

test('broken-registry-keeps-names passes lookup-from-every-node (its defect is specific)', async () => {
  const result = await runRegistryProperty(broken('broken-registry-keeps-names'), 'lookup-from-every-node')
  expect(result).toMatchObject({ status: 'pass' })
})
