/**
 * Parent side of the raw IPC echo: `fork` with advanced serialization and no flags, one permanent message
 * listener, replies matched by id — the least a `cluster.call` could cost on this machine.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { benchNodeModule } from './module-path.js'

interface Reply {
  type: string
  id?: number
  value?: unknown
}

export class RawEchoChild {
  private readonly pending = new Map<number, (value: unknown) => void>()
  private nextId = 1

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: Reply) => {
      if (msg.id === undefined) return
      const resolve = this.pending.get(msg.id)
      this.pending.delete(msg.id)
      resolve?.(msg.value)
    })
  }

  static async start(): Promise<RawEchoChild> {
    const child = fork(fileURLToPath(benchNodeModule('raw-echo')), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) => reject(new Error(`raw echo child exited during start (code ${code})`)))
    })
    return new RawEchoChild(child)
  }

  /** Sends the same message shape as a harness call, `{type, id, module, export, args}`. */
  roundTrip<T>(module: string, exportName: string, value: T): Promise<T> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (v: unknown) => void)
      this.child.send({ type: 'call', id, module, export: exportName, args: [value] })
    })
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGKILL')
    await exited
  }
}
