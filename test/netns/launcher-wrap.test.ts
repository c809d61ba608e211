/**
 * `wrap`: every node started through a command of the user's (the launcher seam's command prefix, the
 * local stand-in for `ssh host --` or `docker exec`). The wrapper here is a shell script that logs and
 * then execs the node, so start, calls, log streaming, pause/resume, graceful stop, kill and restart
 * must all work through it — on loopback, and on netns inside each node's namespace where it can run.
 */
import { chmodSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CallTimeoutError,
  Cluster,
  type NetworkKind,
  netnsUnavailableReason,
  remote,
  waitUntil,
} from 'handoff-harness'
import { afterAll, describe, expect, test } from 'vitest'
import { isRunning } from '../support/process-state.js'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

const dir = mkdtempSync(join(tmpdir(), 'hh-wrap-'))
const wrapper = join(dir, 'wrapper.sh')
// $$ is the wrapper's pid; after `exec` it is the node's. The network namespace shows where it ran.
writeFileSync(
  wrapper,
  '#!/bin/sh\necho "wrapped pid=$$ net=$(readlink /proc/self/ns/net) arg=$1" >&2\nexec "$@"\n',
)
chmodSync(wrapper, 0o755)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const procState = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2)[0]!
}
const ownNet = readlinkSync('/proc/self/ns/net')

const netnsSkip = netnsUnavailableReason()
const networks: NetworkKind[] = netnsSkip === undefined ? ['loopback', 'netns'] : ['loopback']
if (netnsSkip !== undefined) console.warn(`[wrap tests] netns case skipped: ${netnsSkip}`)

describe.each(networks)('wrap on %s', (network) => {
  test('nodes start through the wrapper (it execs them); calls, logs, signals, stop, kill and restart work', async () => {
    await using cluster = await Cluster.start({
      network,
      nodes: 2,
      wrap: [wrapper],
      node: { boot: ['#test-nodes/echo'] },
    })
    const [a, b] = cluster.nodes()
    for (const n of [a!, b!]) {
      // The wrapper's line came through the node's log stream, with the node's own pid: it exec'd.
      expect(cluster.logs(n)).toMatch(new RegExp(`wrapped pid=${n.pid} net=\\S+ arg=/`))
      const net = /net=(\S+)/.exec(cluster.logs(n))![1]
      // On netns the wrapper already runs inside the node's namespace.
      expect(net === ownNet).toBe(network === 'loopback')
    }
    expect(await cluster.call(a!, Echo.peers, [])).toEqual([b!.name])
    await cluster.call(a!, Echo.print, ['through the wrapper'])
    await waitUntil(() => expect(cluster.logs(a!)).toContain('through the wrapper'))

    cluster.pauseNode(b!)
    await waitUntil(() => expect(procState(b!.pid)).toBe('T'))
    await expect(cluster.call(b!, Echo.echo, [1], { timeoutMs: 300 })).rejects.toBeInstanceOf(
      CallTimeoutError,
    )
    cluster.resumeNode(b!)
    expect(await cluster.call(b!, Echo.echo, [2])).toBe(2)

    const first = b!.pid
    expect(await cluster.stopNode(b!)).toMatchObject({ status: 'stopped', forced: false, code: 0 })
    expect(isRunning(first)).toBe(false)
    const again = await cluster.restartNode(b!)
    expect(again.pid).not.toBe(first)
    expect(cluster.logs(again)).toContain(`wrapped pid=${again.pid}`)
    const killed = a!.pid
    expect(await cluster.killNode(a!)).toMatchObject({ status: 'killed', signal: 'SIGKILL' })
    expect(isRunning(killed)).toBe(false)
  })
})

test('a wrap that is not a list of non-empty strings is refused before anything starts', async () => {
  // @ts-expect-error: not a string list
  await expect(Cluster.start({ wrap: 'sudo' })).rejects.toThrow(/wrap must be a list of non-empty strings/)
  await expect(Cluster.start({ wrap: [''] })).rejects.toThrow(RangeError)
})
