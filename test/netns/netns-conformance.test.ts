/**
 * The handoff conformance suite, unchanged, on the netns network: every node in a namespace of its
 * own, every partition the suite makes dropped in the kernel as well as in the mesh. It doubles the
 * suite's ~2 minutes, so it runs when HANDOFF_NETNS_CONFORMANCE=1 (CI on a root runner, and before a
 * release); test/suites/reference.test.ts runs the same suite on loopback every time.
 */
import { type ClusterOptions, netnsUnavailableReason } from 'handoff-harness'
import { handoffConformance } from 'handoff-harness/suites'
import { describe } from 'vitest'

const skip =
  process.env.HANDOFF_NETNS_CONFORMANCE === '1'
    ? netnsUnavailableReason()
    : 'set HANDOFF_NETNS_CONFORMANCE=1 to run the conformance suite on netns'
const cluster: ClusterOptions = { network: 'netns' }

describe.skipIf(skip !== undefined)('on network: netns', () => {
  handoffConformance({ name: 'state-handoff', module: 'handoff-harness/fixtures/state-handoff' }, { cluster })
})
