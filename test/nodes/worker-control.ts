/**
 * What the test-only worker modules (game-workers.ts, upstream-horde.ts) share: the control calls a
 * test makes on a worker process, and the boot step that starts a registry and a supervisor of one name.
 */
import type { CallReply, ExitReason, ProcessContext } from 'handoff-harness/fixtures/process'
import { startRegistry } from 'handoff-harness/fixtures/registry'
import { startSupervisor } from 'handoff-harness/fixtures/supervisor'
import type { BootContext } from 'handoff-harness/node'

/** `call(pid, msg)` on a worker: stop with a reason, crash, or ping; every one replies the worker's name. */
export type WorkerControl = { op: 'stop'; reason: ExitReason } | { op: 'crash' } | { op: 'ping' }

/** A worker's `handleCall`. */
export function handleWorkerControl<S extends { name: string }>(
  msg: unknown,
  state: S,
  self: ProcessContext,
): CallReply<S> {
  const m = msg as WorkerControl
  if (m.op === 'crash') throw new Error('worker asked to crash')
  if (m.op === 'stop') self.stop(m.reason)
  return { reply: state.name, state }
}

/** Starts a registry and a supervisor named `name`, with options from `node.config.registry` and
 * `node.config.supervisor`. */
export function startRegistryAndSupervisor(ctx: BootContext, name: string): void {
  const sup = ctx.config.supervisor
  const reg = ctx.config.registry
  startRegistry({ ...(typeof reg === 'object' ? reg : {}), name })
  startSupervisor({ ...(typeof sup === 'object' ? sup : {}), name })
}
