/**
 * Test-only: tries `Cluster.start({ network: 'netns' })` and prints the error's name and message as one
 * JSON line — started as root, it drops to uid/gid 65534 once its modules are loaded (so the checkout
 * need not be readable by that user), to check the error a user without privileges gets.
 */
import { Cluster } from 'handoff-harness'

process.setgroups?.([])
process.setgid?.(65534)
process.setuid?.(65534)

try {
  const cluster = await Cluster.start({ network: 'netns' })
  await cluster.stop()
  process.stdout.write(`${JSON.stringify({ name: 'none', message: 'started' })}\n`)
} catch (err) {
  const e = err as Error
  process.stdout.write(`${JSON.stringify({ name: e.name, message: e.message })}\n`)
}
