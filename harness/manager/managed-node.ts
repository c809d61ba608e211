/**
 * A node by name, across its incarnations: its resolved options, its log, the current process and the
 * live `NodeHandle` users hold (the same object after a restart, with the new pid).
 */
import type { NodeHandle, NodeOptions, NodeStatus } from '../types.js'
import { NodeLifecycle } from './node-lifecycle.js'
import type { NodeLog } from './node-log.js'
import type { NodeProcess } from './node-process.js'

export class ManagedNode implements NodeHandle {
  /** The one owner of `status`. */
  readonly lifecycle: NodeLifecycle
  process: NodeProcess | undefined
  meshPort = -1
  /** Set by the launcher before the first start; kept across restarts. */
  address = '127.0.0.1'
  ports: Record<string, number> = {}
  inspectUrl: string | undefined
  /** Why the harness ended this incarnation when its status alone would mislead (a node ended at
   * teardown is not "killed" by the test, one that missed its start deadline did not "crash"). */
  endedByHarness: string | undefined
  /** Start order, for `nodes()`. */
  order = 0

  constructor(
    readonly name: string,
    public options: NodeOptions,
    readonly log: NodeLog,
  ) {
    this.lifecycle = new NodeLifecycle(name)
  }

  get status(): NodeStatus {
    return this.lifecycle.status
  }

  get pid(): number {
    return this.process?.pid ?? -1
  }

  get exit(): NodeHandle['exit'] {
    return this.process?.exit
  }

  get logPath(): string {
    return this.log.path
  }

  get joined(): boolean {
    return this.options.join !== false
  }

  /** `cluster.stop()`: SIGKILL, marked first so the exit is not taken for a crash — the harness ended
   * the node, the node did nothing wrong. */
  endAtTeardown(): void {
    this.lifecycle.stopping()
    this.endedByHarness = 'stopped by the harness at teardown'
    this.log.note('stopped by the harness at teardown (SIGKILL)')
    this.process?.signal('SIGKILL')
  }

  /** The status as log tails show it. */
  get statusLabel(): string {
    return this.endedByHarness ?? this.status
  }

  toJSON(): object {
    return {
      name: this.name,
      pid: this.pid,
      status: this.status,
      address: this.address,
      meshPort: this.meshPort,
    }
  }
}
