import { readFileSync } from 'node:fs'
import { remote, waitUntil } from 'handoff-harness'
import { expect, test } from 'handoff-harness/vitest'

const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')

test('stdout and stderr are captured line by line, prefixed, and written to the node log file', async ({
  cluster,
}) => {
  const [n1] = await cluster.startNodes(1)
  await cluster.call(n1!, Echo.print, ['hello from inside'])
  await waitUntil(() => {
    expect(cluster.logs(n1!)).toContain(`[${n1!.name}] hello from inside`)
    expect(cluster.logs(n1!)).toContain(`[${n1!.name}]! err: hello from inside`)
  })
  await cluster.stop()
  const file = readFileSync(n1!.logPath, 'utf8')
  expect(file).toContain(`[${n1!.name}] hello from inside`)
  expect(n1!.logPath).toContain(cluster.name)
})
