/**
 * Bench boot module for the `registry` scenario (fixtures/process and fixtures/registry booted before
 * it, the registry named by `node.config.registry.name`). Every node spawns one idle holder process;
 * the writer registers keys for its holder, and every node records, from the registry's `register`
 * events, when each key became known there (arrivals.ts). Values are not used: a registration is a key.
 */
import { type Pid, spawn } from 'handoff-harness/fixtures/process'
import { getRegistry } from 'handoff-harness/fixtures/registry'
import { type BootContext, node } from 'handoff-harness/node'
import { arrivals } from './arrivals.js'
import type { ProbeStats } from './probe-api.js'
import * as Timed from './timed-writes.js'

export { arrivalCount, takeArrivalSpan, takeArrivals } from './arrivals.js'

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

export function writePaced(
  prefix: string,
  n: number,
  _valueBytes: number,
  paceMs: number,
): Promise<bigint[]> {
  return Timed.writePaced(prefix, n, paceMs, () => undefined, registered)
}

export function writeBurst(prefix: string, n: number): Promise<{ first: bigint; last: bigint }> {
  return Timed.writeBurst(prefix, n, registered)
}

export function stats(): ProbeStats {
  return { messagesSent: 0, bytesSent: 0, counted: false }
}
