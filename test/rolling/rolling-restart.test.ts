/**
 * `cluster.rollingRestart()`: every node replaced by a new release, in place (same names: stop, then
 * start) or surging (new names: start, ready, then stop), with a timeline that says what happened when.
 */
import { RollingRestartError, remote, UnknownNodeError } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

describe('rollingRestart', () => {
  test('in place: each node is stopped, then started again under its name with the new release', async ({
    cluster,
  }) => {
    await cluster.startNodes(3, { env: { VERSION: '1' }, config: { keep: 'me' } })
    const before = cluster.nodes().map((n) => ({ name: n.name, pid: n.pid }))

    const timeline = await cluster.rollingRestart({ node: { env: { VERSION: '2' } } })

    const after = cluster.nodes()
    expect(after.map((n) => n.name).sort()).toEqual(before.map((n) => n.name).sort())
    for (const n of after) {
      expect(before.find((b) => b.name === n.name)!.pid).not.toBe(n.pid)
      expect(await cluster.call(n, Echo.getEnv, ['VERSION'])).toBe('2')
      expect((await cluster.call(n, Echo.whoami, [])).config).toEqual({ keep: 'me' })
    }
    expect(timeline.replacements.map((r) => [r.old, r.new, r.mode])).toEqual(
      before.map((b) => [b.name, b.name, 'in-place']),
    )
    // One at a time, each old node stopped before its successor started.
    expect(timeline.events.map((e) => e.kind)).toEqual(
      Array(3).fill(['stop', 'stopped', 'start', 'ready']).flat(),
    )
    for (const r of timeline.replacements) {
      expect(r.exit).toMatchObject({ status: 'stopped', forced: false })
      expect(r.stoppedAt!).toBeLessThanOrEqual(r.startAt)
    }
    const times = timeline.events.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(timeline.durationMs).toBeGreaterThan(0)
  })

  test('surge with new names: each new node is ready before its old one stops; surge 2 runs in pairs', async ({
    cluster,
  }) => {
    await cluster.startNodes(4, { env: { VERSION: '1' } })
    const old = cluster.nodes().map((n) => n.name)
    const seen: string[] = []

    const timeline = await cluster.rollingRestart({
      node: { env: { VERSION: '2' } },
      rename: (name) => `${name}-v2`,
      surge: 2,
      ready: async (n) => {
        // The application probe runs against the new node, before the old one stops.
        seen.push(`${n.name}:${await cluster.call(n, Echo.getEnv, ['VERSION'])}`)
      },
      onEvent: (e) => {
        if (e.kind === 'stop') expect(cluster.node(e.node).status).toBe('running')
      },
    })

    expect(
      cluster
        .nodes()
        .map((n) => n.name)
        .sort(),
    ).toEqual(old.map((n) => `${n}-v2`).sort())
    expect(seen.sort()).toEqual(old.map((n) => `${n}-v2:2`).sort())
    for (const r of timeline.replacements) {
      expect(r.mode).toBe('surge')
      expect(r.readyAt).toBeLessThanOrEqual(r.stopAt!)
      expect(cluster.node(r.old).status).toBe('stopped')
    }
    // The second pair starts only after the first pair is done.
    const [a, b, c, d] = timeline.replacements
    expect(Math.max(a!.stoppedAt!, b!.stoppedAt!)).toBeLessThanOrEqual(Math.min(c!.startAt, d!.startAt))
  })

  test('a node killed before its turn is only replaced (event "gone")', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2)
    const timeline = await cluster.rollingRestart({
      rename: (name) => `${name}-new`,
      onEvent: async (e) => {
        if (e.kind === 'stopped' && e.node === n1!.name) await cluster.killNode(n2!)
      },
    })
    expect(timeline.events.map((e) => `${e.kind} ${e.node}`)).toEqual([
      `start ${n1!.name}-new`,
      `ready ${n1!.name}-new`,
      `stop ${n1!.name}`,
      `stopped ${n1!.name}`,
      `start ${n2!.name}-new`,
      `ready ${n2!.name}-new`,
      `gone ${n2!.name}`,
    ])
    expect(timeline.replacements[1]).toMatchObject({ exit: undefined, stopAt: undefined })
    expect(cluster.nodes().map((n) => n.name)).toEqual([`${n1!.name}-new`, `${n2!.name}-new`])
  })

  test('bad input is refused before anything changes', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2)
    const pids = [n1!.pid, n2!.pid]
    await expect(cluster.rollingRestart({ surge: 0 })).rejects.toThrow(RollingRestartError)
    await expect(cluster.rollingRestart({ surge: 0 })).rejects.toThrow(/surge must be a positive integer/)
    await expect(cluster.rollingRestart({ nodes: ['nope'] })).rejects.toThrow(UnknownNodeError)
    await expect(cluster.rollingRestart({ nodes: [n1!, n1!] })).rejects.toThrow(/listed twice/)
    await expect(cluster.rollingRestart({ rename: () => 'same' })).rejects.toThrow(/same name/)
    await expect(cluster.rollingRestart({ nodes: [n1!], rename: () => n2!.name })).rejects.toThrow(
      /name of a running node/,
    )
    expect(cluster.nodes().map((n) => n.pid)).toEqual(pids)
  })
})
