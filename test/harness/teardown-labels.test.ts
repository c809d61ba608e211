/**
 * Log tails tell what happened: a node the harness ended at teardown says so, "crashed" is kept for a
 * process that died on its own, a node killed by the test says "killed", and one the harness ended
 * because it missed its start deadline says that.
 */
import { Cluster, remote, waitUntil } from 'handoff-harness'
import { expect, test } from 'vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

function section(tails: string, name: string): string {
  const start = tails.indexOf(`=== ${name} `)
  const next = tails.indexOf('\n=== ', start + 1)
  return tails.slice(start, next === -1 ? undefined : next)
}

test('teardown, a kill and a crash are told apart in the log tails', async () => {
  const cluster = await Cluster.start()
  try {
    const [running, killed, crashing] = await cluster.startNodes(3)
    await cluster.killNode(killed)
    await cluster.call(crashing, Echo.exitSoon, [7])
    await waitUntil(() => cluster.node(crashing.name).status === 'crashed', { message: 'the node crashed' })
    await cluster.stop()

    const tails = cluster.logTails()
    const teardown = section(tails, running.name)
    expect(teardown).toContain(`=== ${running.name} (stopped by the harness at teardown)`)
    expect(teardown).toContain('--- stopped by the harness at teardown (SIGKILL) ---')
    expect(teardown).not.toContain('--- crashed')
    expect(cluster.node(running.name).status).toBe('killed')

    const kill = section(tails, killed.name)
    expect(kill).toContain(`=== ${killed.name} (killed)`)
    expect(kill).toContain('--- killed (SIGKILL) ---')
    expect(kill).not.toMatch(/--- crashed|--- stopped by the harness/)

    const crash = section(tails, crashing.name)
    expect(crash).toContain(`=== ${crashing.name} (crashed)`)
    expect(crash).toContain('--- crashed (code 7) ---')
    expect(crash).not.toContain('--- stopped by the harness')
  } finally {
    await cluster.stop()
  }
})

test('a node that missed its start deadline is labelled as ended by the harness, not crashed', async () => {
  const cluster = await Cluster.start()
  try {
    const err = await cluster.startNode({ name: 'slow', startTimeoutMs: 1 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    const tails = cluster.logTails()
    expect(tails).toContain('=== slow (did not start: ended by the harness)')
    expect(tails).toContain('--- did not start (not ready within 1 ms (startTimeoutMs)): SIGKILL ---')
    expect(tails).not.toContain('--- crashed')
    // A later start of the same name is labelled by its own fate again.
    await cluster.startNode({ name: 'slow' })
    expect(cluster.logTails()).toContain('=== slow (running)')
  } finally {
    await cluster.stop()
  }
})
