/**
 * Bench boot module for the `registry` scenario (fixtures/process and fixtures/registry booted before
 * it, the registry named by `node.config.registry.name`). Every node spawns one idle holder process;
 * the writer registers keys for its holder, and every node records, from the registry's `register`
 * events, when each key became known there (arrivals.ts). Values are not used: a registration is a key.
 */
import { type Pid, spawn } from 'handoff-harness/fixtures/process'
import { getRegistry } from 'handoff-harness/fixtures/registry'
import { type BootContext, node } from 'handoff-harness/node'
import { Arrivals, jittered, sleep } from './arrivals.js'
import type { ArrivalSpan, ProbeStats } from './probe-api.js'

const arrivals = new Arrivals()
let holder: Pid | undefined
let registryName = 'registry'

export async function start(ctx: BootContext): Promise<void> {
  const cfg = ctx.config.registry as { name?: string } | undefined
  registryName = cfg?.name ?? 'registry'
  getRegistry(registryName).onEvent((event) => {
    if (event.type === 'register') arrivals.record([event.key])
  })
  holder = await spawn({ init: () => null }, null)
}

function registered(key: string): Promise<unknown> {
  if (holder === undefined) throw new Error(`registry-probe is not booted on ${node.name}`)
  return getRegistry(registryName)
    .register(key, holder)
    .then((r) => {
      if (!r.ok) throw new Error(`register ${key}: ${r.error}`)
    })
}

export async function writePaced(
  prefix: string,
  n: number,
  _valueBytes: number,
  paceMs: number,
): Promise<bigint[]> {
  const times: bigint[] = []
  for (let i = 0; i < n; i++) {
    await sleep(jittered(paceMs))
    times.push(process.hrtime.bigint())
    await registered(`${prefix}${i}`)
  }
  return times
}

export async function writeBurst(prefix: string, n: number): Promise<{ first: bigint; last: bigint }> {
  const first = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await registered(`${prefix}${i}`)
  return { first, last: process.hrtime.bigint() }
}

export function arrivalCount(prefix: string): number {
  return arrivals.count(prefix)
}

export function takeArrivals(prefix: string, n: number): Array<bigint | null> {
  return arrivals.take(prefix, n)
}

export function takeArrivalSpan(prefix: string): ArrivalSpan {
  return arrivals.span(prefix)
}

export function stats(): ProbeStats {
  return { messagesSent: 0, bytesSent: 0, counted: false }
}
