/**
 * Test-only boot module that records what a node sees: peers coming up and going down (with reasons),
 * messages from peers, and — on graceful stop — tells every peer that its hooks ran, so a test can check
 * the hooks from a survivor. `config.hangOnStop` makes stop() never finish (to test escalation).
 */
import { type BootContext, node } from 'handoff-harness/node'

const events: string[] = []

export function start(ctx: BootContext): void {
  node.onNodeUp((peer) => events.push(`up ${peer}`))
  node.onNodeDown((peer, reason) => events.push(`down ${peer} ${reason}`))
  node.handle('probe', (msg, from) => {
    events.push(`msg ${from} ${String(msg)}`)
  })
  node.handle('probe-echo', (msg) => ({ echoed: msg, by: node.name }))
  node.handle('probe-fail', () => {
    throw new RangeError('handler refused')
  })
  node.onShutdown(() => {
    for (const peer of node.peers()) node.send(peer, 'probe', 'onShutdown-ran')
  })
  events.push(`started ${ctx.name}`)
}

export async function stop(): Promise<void> {
  for (const peer of node.peers()) node.send(peer, 'probe', 'stop-ran')
  if (node.config.hangOnStop === true) await new Promise(() => {})
}

export function seen(): string[] {
  return [...events]
}

export function sendTo(peer: string, msg: string): void {
  node.send(peer, 'probe', msg)
}

export function requestEcho(peer: string, msg: unknown): Promise<unknown> {
  return node.request(peer, 'probe-echo', msg, { timeoutMs: 2000 })
}

export async function requestError(
  peer: string,
  service: string,
): Promise<{ name: string; message: string }> {
  try {
    await node.request(peer, service, null, { timeoutMs: 2000 })
    return { name: 'none', message: 'no error' }
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message }
  }
}

/** Sends `count` numbered messages; the receiver must see them in order. */
export function sendSequence(peer: string, count: number): void {
  for (let i = 0; i < count; i++) node.send(peer, 'probe', `seq ${i}`)
}
