import { NodeStartError, remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'
import { isRunning } from '../support/process-state.js'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')
const Probe = remote<typeof import('#test-nodes/probe')>('#test-nodes/probe')

describe('node lifecycle', () => {
  test('startNodes starts nodes in parallel, meshed with each other', async ({ cluster }) => {
    const nodes = await cluster.startNodes(3)
    expect(cluster.nodes().map((n) => n.name)).toEqual(nodes.map((n) => n.name))
    for (const n of nodes) {
      expect(n.status).toBe('running')
      const others = nodes
        .filter((o) => o !== n)
        .map((o) => o.name)
        .sort()
      expect(await cluster.call(n, Echo.peers, [])).toEqual(others)
    }
  })

  test('a node started later joins every running node', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot: ['#test-nodes/probe'] })
    const n3 = await cluster.startNode({ boot: ['#test-nodes/probe'] })
    expect(await cluster.call(n3, Echo.peers, [])).toEqual([n1!.name, n2!.name].sort())
    await waitUntil(async () => expect(await cluster.call(n1!, Probe.seen, [])).toContain(`up ${n3.name}`))
  })

  test('join: false starts a node on its own', async ({ cluster }) => {
    await cluster.startNodes(1)
    const loner = await cluster.startNode({ join: false })
    expect(await cluster.call(loner, Echo.peers, [])).toEqual([])
  })

  test('stopNode runs onShutdown hooks and stop(), and peers see the node leave with "shutdown"', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot: ['#test-nodes/probe'] })
    const exit = await cluster.stopNode(n1!)
    expect(exit).toMatchObject({ name: n1!.name, code: 0, signal: null, status: 'stopped', forced: false })
    expect(n1!.status).toBe('stopped')
    await waitUntil(async () => {
      const seen = await cluster.call(n2!, Probe.seen, [])
      expect(seen).toEqual(
        expect.arrayContaining([
          `msg ${n1!.name} onShutdown-ran`,
          `msg ${n1!.name} stop-ran`,
          `down ${n1!.name} shutdown`,
        ]),
      )
      // Hooks run while the mesh is still up: their messages arrive before the node leaves.
      expect(seen.indexOf(`msg ${n1!.name} onShutdown-ran`)).toBeLessThan(
        seen.indexOf(`msg ${n1!.name} stop-ran`),
      )
      expect(seen.indexOf(`msg ${n1!.name} stop-ran`)).toBeLessThan(seen.indexOf(`down ${n1!.name} shutdown`))
    })
    expect(cluster.nodes().map((n) => n.name)).toEqual([n2!.name])
  })

  test('stopNode escalates to SIGKILL after its timeout and says so', async ({ cluster }) => {
    const [n1] = await cluster.startNodes(1, { boot: ['#test-nodes/probe'], config: { hangOnStop: true } })
    const exit = await cluster.stopNode(n1!, { timeoutMs: 200 })
    expect(exit).toMatchObject({ status: 'killed', forced: true, signal: 'SIGKILL' })
    expect(cluster.logs(n1!)).toContain('did not stop within 200 ms')
  })

  test('killNode runs no hooks and peers see "disconnect"', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot: ['#test-nodes/probe'] })
    const pid = n1!.pid
    const exit = await cluster.killNode(n1!)
    expect(exit).toMatchObject({ status: 'killed', signal: 'SIGKILL', forced: false })
    expect(isRunning(pid)).toBe(false)
    await waitUntil(async () =>
      expect(await cluster.call(n2!, Probe.seen, [])).toContain(`down ${n1!.name} disconnect`),
    )
    expect(await cluster.call(n2!, Probe.seen, [])).not.toContain(`msg ${n1!.name} onShutdown-ran`)
  })

  test('restartNode keeps the name and options, waits for the old process, and rejoins', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot: ['#test-nodes/probe'], config: { flavour: 'mint' } })
    const oldPid = n1!.pid
    const again = await cluster.restartNode(n1!)
    expect(again.name).toBe(n1!.name)
    expect(again.pid).not.toBe(oldPid)
    expect(isRunning(oldPid)).toBe(false)
    expect((await cluster.call(again, Echo.whoami, [])).config).toEqual({ flavour: 'mint' })
    expect(await cluster.call(again, Echo.peers, [])).toEqual([n2!.name])
    await waitUntil(async () => {
      const seen = await cluster.call(n2!, Probe.seen, [])
      expect(seen.filter((e) => e === `up ${n1!.name}`)).toHaveLength(2)
    })
    const killed = await cluster.killNode(again)
    expect(killed.status).toBe('killed')
    const third = await cluster.restartNode(n1!.name)
    expect(third.status).toBe('running')
  })

  test('a failing boot module gives NodeStartError with the log tail, and no process is left', async ({
    cluster,
  }) => {
    const err = await cluster
      .startNode({ name: 'broken', boot: ['#test-nodes/failing-boot'] })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NodeStartError)
    const startErr = err as NodeStartError
    expect(startErr.message).toContain('node broken did not start')
    expect(startErr.message).toContain('boot module refused to start')
    expect(startErr.logTail).toContain('about to fail on purpose')
    expect(isRunning(cluster.node('broken').pid)).toBe(false)
  })

  test('a start that passes its deadline gives NodeStartError', async ({ cluster }) => {
    const err = await cluster.startNode({ startTimeoutMs: 1 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NodeStartError)
    expect((err as Error).message).toContain('not ready within 1 ms')
  })

  test('config must be structured-clone data', async ({ cluster }) => {
    const err = await cluster.startNode({ config: { fn: () => 1 } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NodeStartError)
    expect((err as Error).message).toContain('config is not structured-cloneable')
  })

  test('named ports are allocated and visible inside the node; env is passed', async ({ cluster }) => {
    const n1 = await cluster.startNode({ ports: ['http', 'admin'], env: { GREETING: 'hej' } })
    const me = await cluster.call(n1, Echo.whoami, [])
    expect(me.ports).toEqual(n1.ports)
    expect(Object.keys(me.ports).sort()).toEqual(['admin', 'http'])
    expect(me.ports.http).not.toBe(me.ports.admin)
    expect(await cluster.call(n1, Echo.getEnv, ['GREETING'])).toBe('hej')
  })

  test('stop() ends every node and is idempotent', async ({ cluster }) => {
    const nodes = await cluster.startNodes(2)
    const pids = nodes.map((n) => n.pid)
    await cluster.stop()
    await cluster.stop()
    for (const pid of pids) expect(isRunning(pid)).toBe(false)
    await expect(cluster.startNode()).rejects.toThrow(/is stopped/)
  })
})
