import { handoffConformance } from 'handoff-harness/suites'

// The reference store (fixtures/state-handoff: the delta-CRDT replica on every node) claims and must
// pass every handoff property.
handoffConformance({ name: 'state-handoff', module: 'handoff-harness/fixtures/state-handoff' })
