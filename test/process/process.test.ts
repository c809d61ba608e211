/** The process model across real nodes: calls, casts, exits, monitors, trapExit on graceful stop. */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const P = remote<typeof import('#test-nodes/registry-probe')>('#test-nodes/registry-probe')
const boot = ['#test-nodes/registry-probe']

describe('process model', () => {
  test('call, cast and send reach local and remote pids; pids are plain data', async ({ cluster }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const pid = await cluster.call(n1!, P.spawnProbe, [])
    expect(pid).toEqual({ node: n1!.name, id: expect.stringMatching(/^[0-9a-f]+\.\d+$/) })
    expect(await cluster.call(n1!, P.callProbe, [pid, { op: 'ping' }])).toEqual({
      ok: true,
      value: { echo: { op: 'ping' }, by: pid },
    })
    expect(await cluster.call(n2!, P.callProbe, [pid, { op: 'ping' }])).toEqual({
      ok: true,
      value: { echo: { op: 'ping' }, by: pid },
    })
    await cluster.call(n2!, P.castProbe, [pid, 'c1'])
    await cluster.call(n2!, P.sendProbe, [pid, 'i1'])
    await waitUntil(async () =>
      expect(await cluster.call(n2!, P.callProbe, [pid, { op: 'seen' }])).toEqual({
        ok: true,
        value: [{ cast: 'c1' }, { info: 'i1' }],
      }),
    )
  })

  test('a call to a dead pid, a down node, a slow or crashing process fails with a clear error', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    const slow = await cluster.call(n1!, P.spawnProbe, [])
    expect(await cluster.call(n2!, P.callProbe, [slow, { op: 'sleep', ms: 1000 }, 100])).toMatchObject({
      ok: false,
      name: 'ProcessCallTimeoutError',
      code: 'timeout',
    })
    const pid = await cluster.call(n1!, P.spawnProbe, [])
    expect(await cluster.call(n2!, P.callProbe, [pid, { op: 'crash' }])).toMatchObject({
      ok: false,
      name: 'ProcessCrashedError',
      message: expect.stringContaining('RangeError: asked to crash'),
    })
    expect(await cluster.call(n2!, P.callProbe, [pid, { op: 'ping' }])).toMatchObject({
      ok: false,
      name: 'NoProcessError',
      code: 'noproc',
      message: expect.stringContaining(`no such process on ${n1!.name}`),
    })
    const onN3 = await cluster.call(n3!, P.spawnProbe, [])
    await cluster.killNode(n3!)
    expect(await cluster.call(n2!, P.callProbe, [onN3, { op: 'ping' }])).toMatchObject({
      ok: false,
      name: 'ProcessNodeDownError',
      code: 'nodedown',
      message: expect.stringContaining(`node ${n3!.name} is down or unreachable`),
    })
  })

  test('exit signals: kill skips terminate, trapping runs it, normal is ignored by non-trappers', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const plain = await cluster.call(n1!, P.spawnProbe, [{ trapExit: false }])
    const trapping = await cluster.call(n1!, P.spawnProbe, [{ trapExit: true }])
    const killed = await cluster.call(n1!, P.spawnProbe, [{ trapExit: true }])
    await cluster.call(n2!, P.exitProbe, [plain, 'normal'])
    expect(await cluster.call(n1!, P.alive, [plain])).toBe(true)
    await cluster.call(n2!, P.exitProbe, [trapping, { shutdown: 'test' }])
    await cluster.call(n2!, P.exitProbe, [killed, 'kill'])
    await cluster.call(n2!, P.exitProbe, [plain, 'shutdown'])
    await waitUntil(async () => {
      const exits = await cluster.call(n1!, P.exitsSeen, [])
      expect(exits).toEqual(
        expect.arrayContaining([
          { pid: trapping, reason: { shutdown: 'test' }, via: 'terminate' },
          { pid: trapping, reason: { shutdown: 'test' }, via: 'monitor' },
          { pid: killed, reason: 'killed', via: 'monitor' },
          { pid: plain, reason: 'shutdown', via: 'monitor' },
        ]),
      )
      expect(exits.filter((e) => e.via === 'terminate')).toHaveLength(1)
    })
  })

  test('monitors fire on exit (with the reason) and on node down (noconnection); unknown pids give noproc', async ({
    cluster,
  }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot })
    const a = await cluster.call(n1!, P.spawnProbe, [])
    const b = await cluster.call(n3!, P.spawnProbe, [])
    await cluster.call(n2!, P.watch, [a])
    await cluster.call(n2!, P.watch, [b])
    await cluster.call(n2!, P.watch, [{ node: n1!.name, id: 'nope.1' }])
    await cluster.call(n2!, P.callProbe, [a, { op: 'stop', reason: { shutdown: 'done' } }])
    await cluster.killNode(n3!)
    await waitUntil(async () =>
      expect(await cluster.call(n2!, P.exitsSeen, [])).toEqual(
        expect.arrayContaining([
          { pid: a, reason: { shutdown: 'done' }, via: 'monitor' },
          { pid: b, reason: 'noconnection', via: 'monitor' },
          { pid: { node: n1!.name, id: 'nope.1' }, reason: 'noproc', via: 'monitor' },
        ]),
      ),
    )
  })

  test('on a graceful node stop, processes that trap exits run terminate before the node leaves', async ({
    cluster,
  }) => {
    const [n1, n2] = await cluster.startNodes(2, { boot })
    const reporter = await cluster.call(n2!, P.spawnProbe, [])
    const trapping = await cluster.call(n1!, P.spawnProbe, [
      { trapExit: true, terminateMs: 200, reportTo: reporter },
    ])
    await cluster.stopNode(n1!)
    expect(await cluster.call(n2!, P.callProbe, [reporter, { op: 'seen' }])).toEqual({
      ok: true,
      value: [{ info: { terminated: trapping, reason: 'shutdown' } }],
    })
  })
})
