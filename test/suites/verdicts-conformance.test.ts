import { fileURLToPath } from 'node:url'
import { handoffConformance } from 'handoff-harness/suites'
import { afterAll, expect } from 'vitest'

// handoffConformance({ module }) reads the module's own `capabilities` (here from a .ts file, in a node
// that loads it through tsx): the one property it claims runs and passes, the other eight are skipped.
handoffConformance(
  {
    name: 'one-claim',
    module: fileURLToPath(new URL('../nodes/verdict-one-claim.ts', import.meta.url)),
    // Its nodes load it through tsx: slow to start on a loaded machine (not what this file tests).
    nodeOptions: { startTimeoutMs: 40_000 },
  },
  { nodes: 2 },
)

// Checked once every test of the file has its result (vitest passes the file as the 2nd argument).
// biome-ignore lint/correctness/noEmptyPattern: vitest requires the context argument to be destructured
afterAll(({}, file) => {
  const tests = file.tasks.flatMap((t) => (t.type === 'suite' ? t.tasks : [t]))
  const states = tests.map((t) => `${t.name.split(':')[0]}=${t.result?.state}`)
  expect(states).toHaveLength(10)
  expect(states.filter((s) => !s.endsWith('=skip'))).toEqual(['same-node-read=pass'])
})
