/** Supervisor defects found by porting Horde's suites (issue 14): D1 a child that exits right after it
 * started, D2 a restarting child must stay listed, D4 stopping one member hands its children over. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const H = remote<typeof import('#test-nodes/upstream-horde')>('#test-nodes/upstream-horde')
const boot = ['#test-nodes/upstream-horde']
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('supervisor defects from the upstream ports', () => {
  test('D1: children that end normally right after they started are gone for good: no phantom, no restart', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    await waitUntil(async () => expect((await cluster.call(n1!, H.view, [])).alive).toHaveLength(2))
    const transient = await cluster.call(n1!, H.startMany, [
      'startDoneAtOnce',
      names('t', 10),
      'transient',
      { exitAtOnce: 'normal' },
    ])
    const temporary = await cluster.call(n2!, H.startMany, [
      'startDoneAtOnce',
      names('p', 5),
      'temporary',
      { exitAtOnce: { error: 'boom' } },
    ])
    expect([...transient, ...temporary].every((r) => r.ok)).toBe(true)
    // Both nodes agree there is nothing left, and each start function ran exactly once per child.
    await waitUntil(async () => {
      for (const n of [n1!, n2!]) expect(await cluster.call(n, H.count, [])).toEqual({ active: 0, specs: 0 })
    })
    const runs = await Promise.all([n1!, n2!].map((n) => cluster.call(n, H.startsRun, [])))
    expect(runs.reduce((sum, r) => sum + (r.startDoneAtOnce ?? 0), 0)).toBe(15)
  })

  test('D1: a transient child that crashed at once is restarted until the intensity gives up; then its record is gone', async ({
    cluster,
  }) => {
    const [n1] = await cluster.startNodes(1, { boot })
    // A transient child whose start resolved after it crashed is restarted (abnormal exit)...
    const crashed = await cluster.call(n1!, H.startChild, [
      'startDoneAtOnce',
      { name: 'c', exitAtOnce: { error: 'boom' } },
      'transient',
    ])
    expect(crashed.ok).toBe(true)
    // ...until the restart intensity gives up; then its record is gone too.
    await waitUntil(async () => expect(await cluster.call(n1!, H.count, [])).toEqual({ active: 0, specs: 0 }))
    expect((await cluster.call(n1!, H.startsRun, [])).startDoneAtOnce).toBeGreaterThan(1)
  })

  test('D2: a child whose restart is running is listed as restarting and counted active', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const started = await cluster.call(n1!, H.startChild, ['startPlain', { name: 'slow' }])
    if (!started.ok) throw new Error(JSON.stringify(started))
    const home = started.pid.node === n1!.name ? n1! : n2!
    await cluster.call(home, H.hold, ['slow'])
    await cluster.call(n1!, H.callWorker, [started.pid, { op: 'crash' }])
    // The restart's init is held: the child must stay visible meanwhile (OTP's `:restarting`).
    await waitUntil(async () => {
      for (const n of [n1!, n2!]) {
        const listed = await cluster.call(n, H.which, [])
        expect(listed).toMatchObject([{ id: started.id, status: 'restarting', pid: started.pid }])
        expect(await cluster.call(n, H.count, [])).toEqual({ active: 1, specs: 1 })
      }
    })
    await cluster.call(home, H.release, ['slow'])
    await waitUntil(async () => {
      const listed = await cluster.call(n2!, H.which, [])
      expect(listed).toMatchObject([{ id: started.id, status: 'running' }])
      expect(listed[0]!.pid).not.toEqual(started.pid)
    })
  })

  test('D4: stopping the supervisor on one member hands its children to the others', async ({ cluster }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    await waitUntil(async () => {
      for (const n of [n1!, n2!, n3!]) expect((await cluster.call(n, H.view, [])).alive).toHaveLength(3)
    })
    const ws = names('s', 30)
    const placed = await cluster.call(n1!, H.startMany, ['startNamed', ws])
    expect(placed.filter((r) => r.ok && r.pid.node === n1!.name).length).toBeGreaterThan(0)
    await waitUntil(async () =>
      expect(await cluster.call(n2!, H.count, [])).toEqual({ active: 30, specs: 30 }),
    )

    await cluster.call(n1!, H.stopHordeSupervisor, [])

    // n1's children run on the other two now, none is left running on n1, and the members agree.
    await waitUntil(async () => {
      for (const n of [n2!, n3!]) {
        expect((await cluster.call(n, H.view, [])).alive).toEqual([n2!.name, n3!.name].sort())
        const where = await cluster.call(n, H.placements, [])
        expect(where.map(([w]) => w).sort()).toEqual([...ws].sort())
        expect(where.every(([, on]) => on !== n1!.name)).toBe(true)
        expect(await cluster.call(n, H.count, [])).toEqual({ active: 30, specs: 30 })
      }
    })
    expect(await cluster.call(n1!, H.localPids, [])).toEqual([])
  })
})
