/**
 * One incarnation of a node, from the manager's side: the child process (spawned with execa, through
 * `setpriv --pdeathsig SIGKILL` where Linux has it), its control channel (IPC, advanced serialization)
 * and the calls in flight on it. When the process exits, every pending call fails at once with
 * NodeDownError carrying the exit code or signal and the log tail.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import type { InitMessage, ManagerMessage, NodeMessage } from '../control-channel.js'
import { type CallFailure, callError } from './call-failure.js'
import type { RemoteFnRef } from './describe-fn.js'
import type { NodeLog } from './node-log.js'
import { guard } from './orphan-guard.js'

type Child = ReturnType<typeof execa>

export interface ExitInfo {
  code: number | null
  signal: NodeJS.Signals | null
}

interface PendingCall {
  fn: RemoteFnRef
  resolve(value: unknown): void
  reject(err: Error): void
  timer: NodeJS.Timeout
}

const SETPRIV = '/usr/bin/setpriv'
const useSetpriv =
  process.platform === 'linux' && existsSync(SETPRIV) && process.env.HANDOFF_NO_PDEATHSIG !== '1'

/** The compiled runtime entry, bundled into one file by `npm run build` (scripts/bundle-runtime.mjs: a
 * cold node loads one module instead of 18). From the TypeScript source (vitest) it is in `dist/`. */
export function runtimeEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const entry = here.includes(`${'/'}dist${'/'}`)
    ? join(here, '..', 'runtime', 'node-main.js')
    : join(here, '..', '..', 'dist', 'harness', 'runtime', 'node-main.js')
  if (!existsSync(entry))
    throw new Error(`the node runtime is not built (${entry} is missing): run 'npm run build'`)
  return entry
}

/** A write to a channel that is closing (the node is dying) is not an error of its own: the exit is
 * reported through `exited`, which fails every pending call with NodeDownError. */
function ignoreChannelError(): void {}

export class NodeProcess {
  readonly child: Child
  readonly exited: Promise<ExitInfo>
  exit: ExitInfo | undefined
  name = '(idle)'
  private log: NodeLog | undefined
  private drained: Promise<unknown> = Promise.resolve()
  private readonly pendingCalls = new Map<number, PendingCall>()
  private readonly acks = new Map<number, () => void>()
  private readonly listeners = new Set<(msg: NodeMessage) => void>()
  private nextId = 1

  /** Spawns the process. It idles until `bind` gives it a name and a log, and `init` a role. `prefix`
   * is the launcher's command that execs the node elsewhere (e.g. `ip netns exec <ns>`); it must exec,
   * not fork, so the pid, the IPC channel and the parent-death signal carry over to the node. */
  constructor(execArgv: string[], env: Record<string, string>, prefix: readonly string[] = []) {
    const node = [...prefix, process.execPath, ...execArgv, runtimeEntry()]
    const [file, ...args] = useSetpriv ? [SETPRIV, '--pdeathsig', 'SIGKILL', ...node] : node
    this.child = execa(file!, args, {
      ipc: true,
      serialization: 'advanced',
      buffer: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      env,
      cleanup: true,
      reject: false,
    })
    const unguard = guard(this.child)
    this.child.on('message', (msg: NodeMessage) => this.onMessage(msg))
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        unguard()
        // Let the last log lines arrive (bounded: a grandchild could hold the pipes open).
        const bounded = new Promise((r) => setTimeout(r, 200))
        void Promise.race([this.drained, bounded]).then(() => {
          this.exit = { code, signal }
          this.failPending()
          resolve(this.exit)
        })
      })
    })
    void this.child.catch(() => {})
  }

  /** Names the process and starts capturing its output into `log`. */
  bind(name: string, log: NodeLog): this {
    this.name = name
    this.log = log
    this.drained = Promise.all([log.attach(this.child.stdout, 'out'), log.attach(this.child.stderr, 'err')])
    return this
  }

  /** An idle (pooled) process must not keep the test process alive; a bound one does. */
  setReferenced(referenced: boolean): void {
    const handles = [this.child, this.child.channel, this.child.stdout, this.child.stderr] as Array<
      { ref?(): void; unref?(): void } | null | undefined
    >
    for (const handle of handles) {
      if (referenced) handle?.ref?.()
      else handle?.unref?.()
    }
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  get alive(): boolean {
    return this.exit === undefined
  }

  onMessage(msg: NodeMessage): void {
    if (msg.type === 'result') {
      const call = this.pendingCalls.get(msg.id)
      if (call === undefined) return
      this.pendingCalls.delete(msg.id)
      clearTimeout(call.timer)
      if (msg.ok) call.resolve(msg.value)
      else call.reject(this.failure(call.fn, msg))
      return
    }
    if (msg.type === 'ack') {
      this.acks.get(msg.id)?.()
      this.acks.delete(msg.id)
      return
    }
    for (const listener of this.listeners) listener(msg)
  }

  /** Messages other than results and acks (booted, ready, …). */
  subscribe(listener: (msg: NodeMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  send(msg: ManagerMessage | InitMessage): void {
    if (this.alive && this.child.connected) this.child.send(msg, ignoreChannelError)
  }

  call(fn: RemoteFnRef, args: unknown[], timeoutMs: number): Promise<unknown> {
    const id = this.nextId++
    try {
      this.post(fn, { type: 'call', id, module: fn.module, export: fn.export, args })
    } catch (err) {
      return Promise.reject(err)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingCalls.delete(id)
        reject(this.failure(fn, { kind: 'timeout', timeoutMs }))
      }, timeoutMs)
      this.pendingCalls.set(id, { fn, resolve, reject, timer })
    })
  }

  /** Fire and forget: the same path to the node as `call`, no answer. */
  cast(fn: RemoteFnRef, args: unknown[]): void {
    this.post(fn, { type: 'cast', module: fn.module, export: fn.export, args })
  }

  /** How a call or a cast reaches the node: refused while the process is down; an argument that cannot
   * be cloned fails here, before anything is sent. */
  private post(fn: RemoteFnRef, msg: Extract<ManagerMessage, { type: 'call' | 'cast' }>): void {
    if (!this.alive || !this.child.connected) throw this.failure(fn, this.down())
    try {
      this.child.send(msg, ignoreChannelError)
    } catch (err) {
      throw this.failure(fn, { kind: 'argument-not-cloneable', detail: (err as Error).message })
    }
  }

  /** Sends a control request (block, unblock, fault) and resolves on the node's ack or its exit. */
  control(build: (id: number) => ManagerMessage): Promise<void> {
    if (!this.alive) return Promise.resolve()
    const id = this.nextId++
    return new Promise((resolve) => {
      this.acks.set(id, resolve)
      void this.exited.then(() => resolve())
      this.send(build(id))
    })
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child.kill(sig)
  }

  private down(): CallFailure {
    const exit = this.exit
    return {
      kind: 'node-down',
      code: exit?.code ?? null,
      signal: exit?.signal ?? null,
      logTail: this.log?.tail() ?? '',
    }
  }

  private failure(fn: RemoteFnRef, failure: CallFailure): Error {
    return callError(this.name, fn, failure)
  }

  private failPending(): void {
    for (const call of this.pendingCalls.values()) {
      clearTimeout(call.timer)
      call.reject(this.failure(call.fn, this.down()))
    }
    this.pendingCalls.clear()
    for (const ack of this.acks.values()) ack()
    this.acks.clear()
  }
}
