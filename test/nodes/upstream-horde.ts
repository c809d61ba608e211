/**
 * Test-only boot module for the ports of Horde's test suites (test/upstream/horde-*.test.ts) and the
 * supervisor defects D1, D2, D4: a registry and a supervisor named `horde` (options from
 * `node.config.registry` / `node.config.supervisor`) and the start functions Horde's tests use — a
 * named worker, a child that exits right after it started, one whose init can be held, one that
 * answers "ignore". Each node counts the starts it ran.
 */

import {
  type Behaviour,
  call,
  type ExitReason,
  monitor,
  type Pid,
  processes,
  spawn,
} from 'handoff-harness/fixtures/process'
import { getRegistry } from 'handoff-harness/fixtures/registry'
import {
  type ChildInfo,
  type ChildSpec,
  type ChildStart,
  type ClusterView,
  getSupervisor,
  place,
  placementKey,
  type RestartType,
  type StartChildResult,
  stopSupervisor,
} from 'handoff-harness/fixtures/supervisor'
import { type BootContext, node } from 'handoff-harness/node'
import { handleWorkerControl, startRegistryAndSupervisor } from './worker-control.js'

export const HORDE = 'horde'
const SELF = '#test-nodes/upstream-horde'

/** Start function name → how many times it ran on this node. */
const starts = new Map<string, number>()
/** Names whose next init waits until released (to observe a restart while it runs). */
const held = new Map<string, { promise: Promise<void>; release: () => void }>()

function counted(fn: string): void {
  starts.set(fn, (starts.get(fn) ?? 0) + 1)
}

interface WorkerArgs {
  name: string
  /** init stops the process at once with this reason. */
  exitAtOnce?: ExitReason
  /** Only the first start of this name on this node stops at once (a crash followed by a good restart). */
  onlyFirst?: boolean
  /** init takes this long. */
  initMs?: number
  /** The process crashes right after its init (Horde's `{:ok, state, 0}` + raise on `:timeout`). */
  crashAfterInit?: boolean
}

/** Starts per worker name on this node. */
const startsByName = new Map<string, number>()

const Worker: Behaviour<WorkerArgs, WorkerArgs> = {
  async init(args, self) {
    self.trapExit()
    const gate = held.get(args.name)
    if (gate !== undefined) await gate.promise
    if (args.initMs !== undefined) await new Promise((r) => setTimeout(r, args.initMs))
    if (args.crashAfterInit) processes().send(self.pid, 'crash')
    const n = (startsByName.get(args.name) ?? 0) + 1
    startsByName.set(args.name, n)
    if (args.exitAtOnce !== undefined && (!args.onlyFirst || n === 1)) self.stop(args.exitAtOnce)
    return args
  },
  handleInfo(msg, state) {
    if (msg === 'crash') throw new Error('crash!')
    return state
  },
  handleCall: handleWorkerControl,
}

export function start(ctx: BootContext): void {
  startRegistryAndSupervisor(ctx, HORDE)
}

// --- start functions (named in child specs) ---

/** A worker without a name. */
export function startPlain(_child: ChildStart, args: WorkerArgs): Promise<Pid> {
  counted('startPlain')
  return spawn(Worker, args)
}

/** A worker registered in `horde` under its name (Horde's `{:via, Horde.Registry, ...}`). */
export function startNamed(child: ChildStart, args: WorkerArgs): Promise<Pid> {
  counted('startNamed')
  return spawn(Worker, args, { ...getRegistry(HORDE).via(args.name), handoff: child.handoff })
}

/** A worker that is already dead when this resolves: it stopped with `args.exitAtOnce` in init. */
export async function startDoneAtOnce(_child: ChildStart, args: WorkerArgs): Promise<Pid> {
  counted('startDoneAtOnce')
  const pid = await spawn(Worker, args)
  await new Promise((resolve) => monitor(pid, resolve))
  return pid
}

/** Horde's IgnoreWorker: a named worker, or "ignore" when the name is taken. */
export async function startNamedOrIgnore(child: ChildStart, args: WorkerArgs): Promise<Pid | 'ignore'> {
  try {
    return await startNamed(child, args)
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'already_started') return 'ignore'
    throw err
  }
}

/** Answers "ignore" (OTP's `:ignore` from init). */
export function startIgnore(_child: ChildStart, _args: WorkerArgs): 'ignore' {
  counted('startIgnore')
  return 'ignore'
}

// --- driving the supervisor ---

export function spec(fn: string, args: WorkerArgs, restart: RestartType = 'permanent'): ChildSpec {
  return { start: { module: SELF, fn, args: [args] }, restart }
}

export function startChild(
  fn: string,
  args: WorkerArgs,
  restart: RestartType = 'permanent',
): Promise<StartChildResult> {
  return getSupervisor(HORDE).startChild(spec(fn, args, restart))
}

export async function startMany(
  fn: string,
  names: string[],
  restart: RestartType = 'permanent',
  extra: Omit<WorkerArgs, 'name'> = {},
): Promise<StartChildResult[]> {
  const out: StartChildResult[] = []
  for (const name of names) out.push(await startChild(fn, { ...extra, name }, restart))
  return out
}

export function which(): Promise<ChildInfo[]> {
  return getSupervisor(HORDE).whichChildren()
}

export function count(): Promise<{ active: number; specs: number }> {
  return getSupervisor(HORDE).countChildren()
}

export function view(): ClusterView {
  return getSupervisor(HORDE).view()
}

export function terminate(pid: Pid): Promise<{ ok: true } | { ok: false; error: 'not_found' }> {
  return getSupervisor(HORDE).terminateChild(pid)
}

export function setMembers(members: 'auto' | string[]): void {
  getSupervisor(HORDE).setMembers(members)
}

export function setRegistryMembers(members: 'auto' | string[]): void {
  getRegistry(HORDE).setMembers(members)
}

export function registryMembers(): string[] {
  return getRegistry(HORDE).members()
}

/** Each name's live holder (or null), as this node's registry sees it. */
export async function whereisMany(names: string[]): Promise<Array<Pid | null>> {
  return Promise.all(names.map(async (n) => (await getRegistry(HORDE).whereis(n)) ?? null))
}

export function isAlive(pid: Pid): Promise<boolean> {
  return processes().isAlive(pid)
}

export async function waitForQuorum(timeoutMs: number): Promise<{ ok: true } | { ok: false; name: string }> {
  try {
    await getSupervisor(HORDE).waitForQuorum(timeoutMs)
    return { ok: true }
  } catch (err) {
    return { ok: false, name: err instanceof Error ? err.name : String(err) }
  }
}

/** Where this node would place each worker now (uniform strategy). */
export function ownerOf(
  fn: string,
  names: string[],
  restart: RestartType = 'permanent',
): Array<string | null> {
  const v = getSupervisor(HORDE).view()
  return names.map((name) => {
    const p = place(placementKey(spec(fn, { name }, restart)), v)
    return p.ok ? p.owner : null
  })
}

/** How many times each worker name started on this node. */
export function startsOf(name: string): number {
  return startsByName.get(name) ?? 0
}

export function stopHordeSupervisor(): Promise<void> {
  return stopSupervisor(HORDE)
}

/** Starts run here by each start function. */
export function startsRun(): Record<string, number> {
  return Object.fromEntries(starts)
}

export function hold(name: string): void {
  let release = (): void => {}
  const promise = new Promise<void>((r) => {
    release = r
  })
  held.set(name, { promise, release })
}

export function release(name: string): void {
  held.get(name)?.release()
  held.delete(name)
}

/** Calls a worker; a failure comes back as the error's name. */
export async function callWorker(
  pid: Pid,
  msg: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; name: string }> {
  try {
    return { ok: true, value: await call(pid, msg) }
  } catch (err) {
    return { ok: false, name: err instanceof Error ? err.name : String(err) }
  }
}

/** Worker name → node, for every child the cluster lists (a name listed twice is a duplicate). */
export async function placements(): Promise<Array<[string, string]>> {
  const children = (await which()).filter((c) => c.status === 'running')
  const named = await Promise.all(
    children.map(async (c) => {
      const r = await callWorker(c.pid, { op: 'ping' })
      return r.ok ? ([r.value as string, c.node] as [string, string]) : undefined
    }),
  )
  return named.filter((x) => x !== undefined)
}

/** Live processes on this node. */
export function localPids(): Pid[] {
  return processes().localPids()
}

export function nodeName(): string {
  return node.name
}
