// The nemesis against a real cluster: it runs its schedule in order, records every fault with its
// start and end, replays the same faults from the same seed, and `stop()` leaves every node running
// and meshed, even when stopped in the middle of a fault.
import { type Cluster, type NemesisEvent, remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

async function expectHealthyMesh(cluster: Cluster, count: number): Promise<void> {
  await waitUntil(
    async () => {
      const nodes = cluster.nodes()
      expect(nodes).toHaveLength(count)
      for (const n of nodes) expect(await cluster.call(n, Echo.peers, [])).toHaveLength(count - 1)
    },
    { timeoutMs: 20_000, message: 'every node running and meshed after the nemesis stopped' },
  )
}

/** What was done, by node position: comparable across runs whose node names differ. */
function faultsDone(events: readonly NemesisEvent[], names: readonly string[]): string[] {
  return events
    .filter((e) => e.phase === 'start' && e.step >= 0)
    .map((e) => names.reduce((d, name, i) => d.replaceAll(name, `#${i}`), `${e.step} ${e.description}`))
}

describe('cluster.nemesis', () => {
  test('runs the seeded schedule in order, records starts and ends, and stop() heals', async ({
    cluster,
  }) => {
    await cluster.startNodes(3)
    const seen: NemesisEvent[] = []
    const nemesis = cluster.nemesis({ seed: 11, intervalMs: 250, onEvent: (e) => seen.push(e) })
    expect(nemesis.replay).toMatch(/^HANDOFF_NEMESIS_SEED=11 /)
    await waitUntil(() => nemesis.events.filter((e) => e.phase === 'end' && e.step >= 0).length >= 5, {
      timeoutMs: 30_000,
      message: 'five faults started and undone',
    })
    const events = await nemesis.stop()
    expect(seen).toEqual(events)
    expect(events.filter((e) => e.phase === 'error')).toEqual([])
    const starts = events.filter((e) => e.phase === 'start')
    // In schedule order, each one the planned fault, each undone after it started.
    starts.forEach((e, i) => {
      expect(e.step).toBe(i)
      expect(e.fault).toBe(nemesis.schedule[i]!.fault)
      const end = events.find((x) => x.phase === 'end' && x.step === e.step)
      expect(end?.time).toBeGreaterThanOrEqual(e.time)
    })
    expect(nemesis.summary()).toMatch(/^nemesis seed 11: /)
    await expectHealthyMesh(cluster, 3)
  })

  test('the same seed replays the same faults on another cluster', async ({ cluster }) => {
    const run = async (c: Cluster) => {
      const nemesis = c.nemesis({ seed: 2024, intervalMs: 200 })
      await waitUntil(() => nemesis.events.filter((e) => e.phase === 'end').length >= 4, {
        timeoutMs: 30_000,
        message: 'four faults done',
      })
      await nemesis.stop()
      return faultsDone(nemesis.events, nemesis.nodeNames).slice(0, 4)
    }
    await cluster.startNodes(3)
    const first = await run(cluster)
    const { Cluster: C } = await import('handoff-harness')
    await using other = await C.start({ nodes: 3 })
    expect(await run(other)).toEqual(first)
    expect(first).toHaveLength(4)
  })

  test('stop() in the middle of every kind of fault leaves every node running and meshed', async ({
    cluster,
  }) => {
    await cluster.startNodes(3)
    for (const fault of ['kill', 'pause', 'restart', 'partition', 'delay'] as const) {
      const nemesis = cluster.nemesis({ seed: 5, faults: [fault], intervalMs: 60_000 })
      await waitUntil(() => nemesis.events.some((e) => e.phase === 'start' || e.phase === 'error'), {
        timeoutMs: 20_000,
        message: `the ${fault} fault to start`,
      })
      const events = await nemesis.stop()
      expect(events.filter((e) => e.phase === 'error')).toEqual([])
      expect(events.find((e) => e.phase === 'end' && e.step === 0)).toBeDefined()
      await expectHealthyMesh(cluster, 3)
    }
  })
})
