/**
 * Test-only boot module for the process and registry tests: starts registry `probe` (options from
 * `node.config.registry`) and exports remote functions that spawn probe processes, drive the registry,
 * and record what the processes and the registry's listener saw (exit reasons, events, timings).
 */

import {
  type Behaviour,
  call,
  type ExitReason,
  exit,
  isAlive,
  monitor,
  type Pid,
  ProcessError,
  processes,
  spawn,
} from 'handoff-harness/fixtures/process'
import {
  getRegistry,
  type RegisterResult,
  type RegistryEvent,
  startRegistry,
} from 'handoff-harness/fixtures/registry'
import { type BootContext, node } from 'handoff-harness/node'

export const REGISTRY = 'probe'

const exits: Array<{ pid: Pid; reason: ExitReason; via: 'terminate' | 'monitor' }> = []
const events: Array<RegistryEvent & { at: number }> = []

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one host. */
function now(): number {
  return performance.timeOrigin + performance.now()
}

interface ProbeArgs {
  trapExit: boolean
  /** init waits this long (to test slow starts and kills during init). */
  initMs?: number
  /** terminate waits this long. */
  terminateMs?: number
  /** terminate sends `{ terminated: pid, reason }` to this process (to observe it from another node). */
  reportTo?: Pid
}

/** Echoes calls, counts casts and infos, stops on request, records its terminate. */
const Probe: Behaviour<{ seen: unknown[]; terminateMs: number; reportTo?: Pid }, ProbeArgs> = {
  async init(args, self) {
    if (args.trapExit) self.trapExit()
    if (args.initMs) await new Promise((r) => setTimeout(r, args.initMs))
    return { seen: [], terminateMs: args.terminateMs ?? 0, reportTo: args.reportTo }
  },
  async handleCall(msg, state, self) {
    const m = msg as { op: string; ms?: number; reason?: ExitReason }
    if (m.op === 'seen') return { reply: state.seen, state }
    if (m.op === 'sleep') await new Promise((r) => setTimeout(r, m.ms))
    if (m.op === 'crash') throw new RangeError('asked to crash')
    if (m.op === 'stop') self.stop(m.reason)
    return { reply: { echo: m, by: self.pid }, state }
  },
  handleCast(msg, state) {
    return { ...state, seen: [...state.seen, { cast: msg }] }
  },
  handleInfo(msg, state) {
    return { ...state, seen: [...state.seen, { info: msg }] }
  },
  async terminate(reason, state, self) {
    exits.push({ pid: self.pid, reason, via: 'terminate' })
    if (state.terminateMs > 0) await new Promise((r) => setTimeout(r, state.terminateMs))
    if (state.reportTo !== undefined) processes().send(state.reportTo, { terminated: self.pid, reason })
    return undefined
  },
}

export function start(ctx: BootContext): void {
  const raw = ctx.config.registry
  const cfg = typeof raw === 'object' && raw !== null ? raw : {}
  const reg = startRegistry({ ...cfg, name: REGISTRY })
  reg.onEvent((event) => events.push({ ...event, at: now() }))
}

function reg() {
  return getRegistry(REGISTRY)
}

// --- processes ---

export async function spawnProbe(args: ProbeArgs = { trapExit: false }): Promise<Pid> {
  const pid = await spawn(Probe, args)
  monitor(pid, (info) => exits.push({ pid, reason: info.reason, via: 'monitor' }))
  return pid
}

/** Spawns a probe under a via-name; a taken name comes back as the error's name and message. */
export async function spawnNamed(
  key: string,
  opts: { trapExit?: boolean; value?: unknown } = {},
): Promise<{ ok: true; pid: Pid } | { ok: false; name: string; message: string; causeName?: string }> {
  try {
    const pid = await spawn(Probe, { trapExit: opts.trapExit ?? true }, reg().via(key, opts.value ?? null))
    monitor(pid, (info) => exits.push({ pid, reason: info.reason, via: 'monitor' }))
    return { ok: true, pid }
  } catch (err) {
    const e = err as Error & { cause?: Error }
    return { ok: false, name: e.name, message: e.message, causeName: e.cause?.name }
  }
}

export async function callProbe(pid: Pid, msg: unknown, timeoutMs?: number): Promise<unknown> {
  try {
    return { ok: true, value: await call(pid, msg, timeoutMs) }
  } catch (err) {
    if (!(err instanceof ProcessError)) throw err
    return { ok: false, name: err.name, code: err.code, message: err.message }
  }
}

export function sendProbe(pid: Pid, msg: unknown): void {
  processes().send(pid, msg)
}

export function castProbe(pid: Pid, msg: unknown): void {
  processes().cast(pid, msg)
}

export function exitProbe(pid: Pid, reason: ExitReason): void {
  exit(pid, reason)
}

export function alive(pid: Pid): Promise<boolean> {
  return isAlive(pid)
}

/** Monitors a (possibly remote) pid; its down reason lands in `exitsSeen()` with via 'monitor'. */
export function watch(pid: Pid): void {
  monitor(pid, (info) => exits.push({ pid, reason: info.reason, via: 'monitor' }))
}

export function exitsSeen(): Array<{ pid: Pid; reason: ExitReason; via: 'terminate' | 'monitor' }> {
  return [...exits]
}

export function localPids(): Pid[] {
  return processes().localPids()
}

// --- registry ---

export function register(key: string, pid: Pid, value?: unknown): Promise<RegisterResult> {
  return reg().register(key, pid, value)
}

export function unregister(key: string): Promise<boolean> {
  return reg().unregister(key)
}

export function lookup(key: string): Promise<Array<{ pid: Pid; value: unknown }>> {
  return reg().lookup(key)
}

export function count(): number {
  return reg().count()
}

export function keysOf(pid: Pid): string[] {
  return reg().keys(pid)
}

export function members(): string[] {
  return reg().members()
}

export function eventsSeen(): Array<RegistryEvent & { at: number }> {
  return [...events]
}

export async function lookupMany(keys: string[]): Promise<Array<Pid | null>> {
  return Promise.all(keys.map(async (k) => (await reg().whereis(k)) ?? null))
}

/** Spawns `n` named probes, one every `spacingMs` on average (spread over sync ticks); returns when
 * each spawn began (epoch ms), so a latency measured from it includes the whole registration. */
export async function registerSpread(prefix: string, n: number, spacingMs: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const at = now()
    await spawn(Probe, { trapExit: false }, reg().via(`${prefix}${i}`))
    times.push(at)
    await new Promise((r) => setTimeout(r, spacingMs * (0.5 + Math.random())))
  }
  return times
}

/** When each key was first seen registered here (epoch ms; from the listener), waiting up to the deadline. */
export async function firstSeen(prefix: string, n: number, timeoutMs: number): Promise<Array<number | null>> {
  const deadline = now() + timeoutMs
  const times = (): Array<number | null> =>
    Array.from(
      { length: n },
      (_, i) => events.find((e) => e.type === 'register' && e.key === `${prefix}${i}`)?.at ?? null,
    )
  while (times().some((t) => t === null) && now() < deadline) await new Promise((r) => setTimeout(r, 10))
  return times()
}

export function nodeName(): string {
  return node.name
}
