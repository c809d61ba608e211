/**
 * What the ports of Horde's test/registry_test.exs (derekkraan/horde) share: the test-node modules
 * (a probe process standing in for Horde's `self()`, and the registry under test) and Horde's separate
 * hordes. The ports, split by topic: horde-registry-names.test.ts (membership, register, keys, select,
 * unregister), horde-registry-queries.test.ts (dispatch, count, match, update, lookup, send) and
 * horde-registry-meta-events.test.ts (meta, failures, listeners). One test per upstream test, same
 * name, same assertion, on real nodes; `Process.sleep` waits become `waitUntil`. Not ported (Erlang match
 * specs, OTP child specs, module based registries): listed in fixtures/registry/README.md.
 */
import { remote } from 'handoff-harness'

export const P = remote<typeof import('#test-nodes/registry-probe')>('#test-nodes/registry-probe')
export const R = remote<typeof import('#test-nodes/upstream-registry')>('#test-nodes/upstream-registry')
export const boot = ['#test-nodes/registry-probe', '#test-nodes/upstream-registry']
/** Each node alone in its registry until `setMembers` joins them (Horde's separate hordes). */
export const alone = (cluster: { name: string }, k: number) => ({
  boot,
  config: { registry: { members: [`${cluster.name}-${k}`] } },
})
