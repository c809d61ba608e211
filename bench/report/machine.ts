/** What the JSON and the README say about the machine a run happened on. */
import { cpus, loadavg, release, totalmem } from 'node:os'
import type { MachineInfo } from './schema.js'

export function machineInfo(): MachineInfo {
  const list = cpus()
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    platform: process.platform,
    arch: process.arch,
    osRelease: release(),
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  }
}

export function describeMachine(m: MachineInfo, node: string): string {
  const gib = (m.memoryBytes / 2 ** 30).toFixed(1)
  return `${m.cpus} × ${m.model}, ${gib} GiB, ${m.platform}/${m.arch} ${m.osRelease}, Node ${node}`
}
