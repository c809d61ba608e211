/**
 * Parent side of the raw IPC echo: `fork` with advanced serialization and no flags, one permanent message
 * listener, replies matched by id — the least a `cluster.call` could cost on this machine.
 */
import type { ChildProcess } from 'node:child_process'
import { forkUntilFirstMessage, killChild } from './forked-child.js'

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
    return new RawEchoChild(await forkUntilFirstMessage('raw-echo'))
  }

  /** Sends the same message shape as a harness call, `{type, id, module, export, args}`. */
  roundTrip<T>(module: string, exportName: string, value: T): Promise<T> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (v: unknown) => void)
      this.child.send({ type: 'call', id, module, export: exportName, args: [value] })
    })
  }

  stop(): Promise<void> {
    return killChild(this.child)
  }
}
