/**
 * No node outlives the process that started it, however that process ends. Liveness reads
 * /proc/<pid>/stat, because a dead orphan is briefly a zombie that `kill(pid, 0)` still finds.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitUntil } from 'handoff-harness'
import { afterEach, describe, expect, it } from 'vitest'
import { isRunning } from '../support/process-state.js'

const parentScript = fileURLToPath(new URL('../../dist/test/scripts/cluster-parent.js', import.meta.url))
const started: ChildProcess[] = []

function startParent(): Promise<{ parent: ChildProcess; pids: number[] }> {
  const parent = fork(parentScript, [], { execArgv: [], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  started.push(parent)
  return new Promise((resolve, reject) => {
    let out = ''
    parent.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n')) resolve({ parent, pids: JSON.parse(line!) as number[] })
    })
    parent.once('exit', (code) => reject(new Error(`cluster parent exited early with ${code}`)))
  })
}

afterEach(() => {
  for (const p of started.splice(0)) p.kill('SIGKILL')
})

describe('no orphans', () => {
  it('SIGKILL of the process that started a 3-node cluster leaves no node alive 2 s later', async () => {
    const { parent, pids } = await startParent()
    expect(pids).toHaveLength(3)
    for (const pid of pids) expect(isRunning(pid)).toBe(true)
    parent.kill('SIGKILL')
    await waitUntil(() => pids.every((pid) => !isRunning(pid)), {
      timeoutMs: 2000,
      message: 'every node gone',
    })
  })

  it('a manager whose own parent goes away (a vitest forks worker outliving vitest) takes its nodes down', async () => {
    const { parent, pids } = await startParent()
    parent.disconnect()
    await waitUntil(() => pids.every((pid) => !isRunning(pid)), {
      timeoutMs: 2000,
      message: 'every node gone',
    })
    // The manager process itself may linger (as a vitest worker does); its nodes must not.
    expect(parent.exitCode).toBeNull()
  })

  it('SIGTERM of the manager ends its nodes too', async () => {
    const { parent, pids } = await startParent()
    parent.kill('SIGTERM')
    await waitUntil(() => pids.every((pid) => !isRunning(pid)), {
      timeoutMs: 2000,
      message: 'every node gone',
    })
  })
})
