/**
 * A node's status across its incarnations, owned by one object: every change goes through one of its
 * methods and is checked against the moves a node can make. Any other move is a bug in the harness, so
 * it throws an internal error instead of leaving a status that lies.
 *
 *   (new) → starting → running → stopping → stopped | killed
 *              │          └──────→ crashed (the process died on its own)
 *              ├──→ crashed (its start failed)
 *              └──→ stopping (a stop, or the teardown, during the start)
 *   stopped | killed | crashed → starting (a restart, same name; also from running or stopping once
 *   the process has exited, before its end was recorded)
 */
import type { NodeStatus } from '../types.js'

type State = NodeStatus | 'new'

const MOVES: Record<State, readonly NodeStatus[]> = {
  new: ['starting'],
  starting: ['running', 'crashed', 'stopping'],
  // → starting: a start right after the process exited, before its end was recorded (the exit is
  // seen a tick later; the late record is then ignored, since it names the old process).
  running: ['stopping', 'crashed', 'starting'],
  // A stop while stopping (the teardown during a stopNode) is the same stop.
  stopping: ['stopping', 'stopped', 'killed', 'starting'],
  stopped: ['starting'],
  killed: ['starting'],
  crashed: ['starting'],
}

/** A bug in the harness, not in the code under test. */
export class HarnessInternalError extends Error {
  override name = 'HarnessInternalError'
}

export class NodeLifecycle {
  private state: State = 'new'

  constructor(private readonly node: string) {}

  /** A node not started yet reads as starting. */
  get status(): NodeStatus {
    return this.state === 'new' ? 'starting' : this.state
  }

  starting(): void {
    this.move('starting')
  }

  running(): void {
    this.move('running')
  }

  /** The process died on its own while running. */
  crashed(): void {
    this.move('crashed')
  }

  /** The start failed. A stop that interrupted the start owns the ending instead. */
  startFailed(): void {
    if (this.state === 'starting') this.move('crashed')
  }

  stopping(): void {
    this.move('stopping')
  }

  /** The stopped process exited. Two waits on one exit (a stopNode and the teardown) agree on the
   * first ending. */
  exited(how: 'stopped' | 'killed'): void {
    if (this.state === 'stopped' || this.state === 'killed') return
    this.move(how)
  }

  private move(to: NodeStatus): void {
    if (!MOVES[this.state].includes(to))
      throw new HarnessInternalError(
        `internal error: node ${this.node} cannot go from ${this.state} to ${to}; please report this`,
      )
    this.state = to
  }
}
