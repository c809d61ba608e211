/**
 * Test-only boot module for the supervisor tests: a supervisor and a registry named `workers`
 * (options from `node.config.supervisor` / `node.config.registry`) and a generic worker child. Workers
 * report `started` / `terminated` events, with times, to a reporter process that a test can put on any
 * node, so the order of a hand-over can be checked from a survivor.
 */

import {
  type Behaviour,
  call,
  type ExitReason,
  type Pid,
  processes,
  spawn,
} from 'handoff-harness/fixtures/process'
import { getRegistry } from 'handoff-harness/fixtures/registry'
import {
  type ChildInfo,
  type ChildStart,
  type ClusterView,
  getSupervisor,
  place,
  placementKey,
  type RestartType,
  type StartChildResult,
} from 'handoff-harness/fixtures/supervisor'
import { type BootContext, node } from 'handoff-harness/node'
import { handleWorkerControl, startRegistryAndSupervisor } from './worker-control.js'

export const WORKERS = 'workers'
const SELF = '#test-nodes/game-workers'

export interface WorkerArgs {
  name: string
  terminateMs?: number
  reportTo?: Pid
}

export type Report =
  | { event: 'started'; name: string; node: string; at: number; handoff: unknown }
  | { event: 'terminated'; name: string; node: string; at: number; reason: ExitReason }

function now(): number {
  return performance.timeOrigin + performance.now()
}

const Worker: Behaviour<WorkerArgs, WorkerArgs> = {
  init(args, self) {
    self.trapExit()
    if (args.reportTo !== undefined) {
      const report: Report = {
        event: 'started',
        name: args.name,
        node: node.name,
        at: now(),
        handoff: self.handoff ?? null,
      }
      processes().send(args.reportTo, report)
    }
    return args
  },
  handleCall: handleWorkerControl,
  async terminate(reason, state) {
    if (state.terminateMs) await new Promise((r) => setTimeout(r, state.terminateMs))
    if (state.reportTo !== undefined) {
      const report: Report = { event: 'terminated', name: state.name, node: node.name, at: now(), reason }
      processes().send(state.reportTo, report)
    }
    return { handoff: { from: node.name, name: state.name } }
  },
}

/** The supervisor's start function: a worker registered under its name. */
export function startWorker(child: ChildStart, args: WorkerArgs): Promise<Pid> {
  return spawn(Worker, args, { ...getRegistry(WORKERS).via(args.name), handoff: child.handoff })
}

const Reporter: Behaviour<Report[], null> = {
  init: () => [],
  handleInfo: (msg, state) => [...state, msg as Report],
  handleCall: (_msg, state) => ({ reply: state, state }),
}

export function start(ctx: BootContext): void {
  startRegistryAndSupervisor(ctx, WORKERS)
}

function spec(args: WorkerArgs, restart: RestartType, shutdownMs?: number) {
  return {
    start: { module: SELF, fn: 'startWorker', args: [args] },
    restart,
    ...(shutdownMs ? { shutdownMs } : {}),
  }
}

export function startChild(
  args: WorkerArgs,
  restart: RestartType = 'permanent',
  shutdownMs?: number,
): Promise<StartChildResult> {
  return getSupervisor(WORKERS).startChild(spec(args, restart, shutdownMs))
}

/** Starts `names` one after another; returns the node each runs on (or the error). */
export async function startMany(names: string[], restart: RestartType = 'permanent'): Promise<string[]> {
  const out: string[] = []
  for (const name of names) {
    const r = await startChild({ name }, restart)
    out.push(r.ok ? r.pid.node : `error:${r.error}`)
  }
  return out
}

/** Where this node would place each worker (given by name, or by its full args) right now. */
export function ownerOf(
  workers: Array<string | WorkerArgs>,
  restart: RestartType = 'permanent',
): Array<string | null> {
  const view = getSupervisor(WORKERS).view()
  return workers.map((w) => {
    const p = place(placementKey(spec(typeof w === 'string' ? { name: w } : w, restart)), view)
    return p.ok ? p.owner : null
  })
}

export function view(): ClusterView {
  return getSupervisor(WORKERS).view()
}

export function which(): Promise<ChildInfo[]> {
  return getSupervisor(WORKERS).whichChildren()
}

export function localChildren(): ChildInfo[] {
  return getSupervisor(WORKERS).localChildren()
}

export function count(): Promise<{ active: number; specs: number }> {
  return getSupervisor(WORKERS).countChildren()
}

export function terminate(pid: Pid): Promise<{ ok: true } | { ok: false; error: 'not_found' }> {
  return getSupervisor(WORKERS).terminateChild(pid)
}

/** Asks the worker to stop with `reason`, or to crash. */
export async function stopWorker(pid: Pid, how: { reason: ExitReason } | 'crash'): Promise<void> {
  await call(pid, how === 'crash' ? { op: 'crash' } : { op: 'stop', reason: how.reason }).catch(
    () => undefined,
  )
}

/** Worker name → node, from the cluster-wide listing (names listed more than once are duplicates). */
export async function placements(): Promise<Array<[string, string]>> {
  const children = await which()
  return Promise.all(
    children.map(
      async (c) => [(await call<string>(c.pid, { op: 'ping' })) as string, c.node] as [string, string],
    ),
  )
}

export function spawnReporter(): Promise<Pid> {
  return spawn(Reporter, null)
}

export function reports(reporter: Pid): Promise<Report[]> {
  return call<Report[]>(reporter, { op: 'get' })
}
