/**
 * Test-only broken registry: our registry target, except that `exit(name)` reports success but never
 * ends the process holding the name, so the name stays registered everywhere (breaks
 * names-removed-on-exit; the other properties hold).
 */
import { getRegistry } from 'handoff-harness/fixtures/registry'
import { REGISTRY } from 'handoff-harness/fixtures/registry-target'
import { node } from 'handoff-harness/node'

export { lookup, register, start, unregister } from 'handoff-harness/fixtures/registry-target'

export async function exit(name: string): Promise<boolean> {
  const pid = await getRegistry(REGISTRY).whereis(name)
  return pid !== undefined && pid.node === node.name
}
