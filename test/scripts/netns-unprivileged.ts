/**
 * Test-only: tries `Cluster.start({ network: 'netns' })` and prints the error's name and message as one
 * JSON line — run without root to check the error a user without privileges gets.
 */
import { Cluster } from 'handoff-harness'

try {
  const cluster = await Cluster.start({ network: 'netns' })
  await cluster.stop()
  process.stdout.write(`${JSON.stringify({ name: 'none', message: 'started' })}\n`)
} catch (err) {
  const e = err as Error
  process.stdout.write(`${JSON.stringify({ name: e.name, message: e.message })}\n`)
}
