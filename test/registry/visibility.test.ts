/**
 * Registry visibility latency: a registration on one node until the other node's registry has it (its
 * listener fires, so `lookup` finds it). Registrations are spread over time so samples fall at every
 * phase of the sync tick. Prints the figures; asserts only that every registration became visible.
 * HANDOFF_MEASURE=1 takes more samples and adds Horde's interval-only timing for comparison.
 */
import { remote } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const P = remote<typeof import('#test-nodes/registry-probe')>('#test-nodes/registry-probe')
const measuring = process.env.HANDOFF_MEASURE === '1'
const SAMPLES = measuring ? 300 : 100

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

describe('registry visibility latency', () => {
  // The interval-only variant (Horde's timing) takes ~10 s, so it runs only when measuring.
  const modes = [
    { mode: 'push (default)', registry: {} as { push?: boolean } },
    ...(measuring
      ? [{ mode: 'interval only (push off, I=300 ms, like Horde)', registry: { push: false } }]
      : []),
  ]
  test.for(modes)(
    'a registration on n1 becomes visible on n2 — $mode',
    async ({ mode, registry }, { cluster }) => {
      const [n1, n2] = await cluster.startNodes(2, {
        boot: ['#test-nodes/registry-probe'],
        config: { registry },
      })
      const spacingMs = registry.push === false ? 30 : 8
      const [registered, seen] = await Promise.all([
        cluster.call(n1!, P.registerSpread, ['v', SAMPLES, spacingMs]),
        cluster.call(n2!, P.firstSeen, ['v', SAMPLES, 20_000]),
      ])
      expect(seen.every((t) => t !== null)).toBe(true)
      const latencies = seen.map((t, i) => t! - registered[i]!).sort((a, b) => a - b)
      const fmt = (x: number): string => x.toFixed(2)
      console.log(
        `registry visibility, ${mode}: n=${SAMPLES} median ${fmt(quantile(latencies, 0.5))} ms, ` +
          `p99 ${fmt(quantile(latencies, 0.99))} ms, max ${fmt(latencies.at(-1)!)} ms`,
      )
    },
  )
})
