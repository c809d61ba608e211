/**
 * What every conformance property gets to work with, whatever the contract: its own cluster, nodes
 * booted with the target's modules, partitions that reach the mesh and the target's own links, waits
 * bounded by the convergence deadline, names unique to this run, and a place for measurements (`note`)
 * that end up in the report. Each suite's context (`HandoffContext`, `RegistryContext`) adds the calls
 * of its contract on top.
 */
import { randomBytes } from 'node:crypto'
import { Cluster, type NodeHandle, NodeStartError, waitUntil } from 'handoff-harness'
import { describeCrash, NodeWatch } from './node-watch.js'
import type { SuiteTarget } from './suite-target.js'

const CRASHED = Symbol('crashed')

/** A property found the target breaking it; the message says how. */
export class PropertyViolation extends Error {
  override name = 'PropertyViolation'
}

/** The target could not be set up (a node booted with its modules did not start): the property errors
 * rather than fails. The message gives the cause (the node's start error and log tail). */
export class TargetSetupError extends Error {
  override name = 'TargetSetupError'
}

export interface ContextOptions {
  /** Nodes a property starts with (at least 2). Default 3. */
  nodes?: number
  /** Passed to `Cluster.start` (logDir, timeFactor, heartbeat). */
  cluster?: { logDir?: string; timeFactor?: number }
}

export class SuiteContext implements AsyncDisposable {
  /** How many nodes the property should start with. */
  readonly size: number
  readonly notes: string[] = []
  /** Short and run-unique: a shared server (Redis) sees names of many runs. */
  protected readonly prefix = `hh${randomBytes(3).toString('hex')}:`
  /** Every node this property started, watched for exits the property did not ask for. */
  readonly watch: NodeWatch
  /** Set when a node booted with the target's modules did not start. */
  setupError: TargetSetupError | undefined
  private started = 0

  protected constructor(
    readonly cluster: Cluster,
    readonly target: SuiteTarget,
    readonly property: string,
    size: number,
    /** How long "eventually" may take, time factor applied. */
    private readonly convergenceMs: number,
  ) {
    this.size = Math.max(2, size)
    this.watch = new NodeWatch(cluster)
  }

  protected static startCluster(options: ContextOptions): Promise<Cluster> {
    return Cluster.start({ ...options.cluster })
  }

  // --- nodes ---

  /**
   * Starts one node booted with the target's modules (named `<cluster>-<k>`, like the harness does) and
   * watches it: from now on its exit fails the property unless the property stops, kills or restarts
   * it. A node that does not start is a setup error (`TargetSetupError`), not a verdict.
   */
  async startNode(): Promise<NodeHandle> {
    const name = `${this.cluster.name}-${++this.started}`
    const base = this.target.nodeOptions ?? {}
    const extra = (await this.target.links?.prepareNode(name)) ?? {}
    let node: NodeHandle
    try {
      node = await this.cluster.startNode({
        ...base,
        ...extra,
        name,
        boot: this.target.boot ?? [this.target.module],
        env: { ...base.env, ...extra.env },
        config: { ...base.config, ...extra.config },
      })
    } catch (err) {
      if (!(err instanceof NodeStartError)) throw err
      this.setupError ??= new TargetSetupError(`${this.target.name} could not be set up: ${err.message}`, {
        cause: err,
      })
      throw this.setupError
    }
    this.watch.add(node)
    return node
  }

  /** Starts `count` nodes in parallel (default: the configured size). */
  startNodes(count = this.size): Promise<NodeHandle[]> {
    return Promise.all(Array.from({ length: count }, () => this.startNode()))
  }

  /** Retries `probe` until it holds, up to the convergence deadline. */
  async eventually<T>(
    probe: () => T | Promise<T>,
    message: string,
    opts: { timeoutMs?: number; intervalMs?: number } = {},
  ) {
    const { timeoutMs = this.convergenceMs, intervalMs = 10 } = opts
    // Once a node crashed the verdict is in: stop waiting (the runner reports the crash).
    const value = await waitUntil<T | typeof CRASHED>(
      () => (this.watch.crash !== undefined ? CRASHED : probe()),
      {
        timeoutMs,
        intervalMs,
        message,
      },
    )
    if (value === CRASHED) throw new PropertyViolation(describeCrash(this.watch.crash!))
    return value as Exclude<T, false>
  }

  // --- faults: the mesh and the target's own links ---

  async partition(...groups: NodeHandle[][]): Promise<void> {
    await this.cluster.partition(...groups)
    await this.target.links?.partition(groups.map((g) => g.map((n) => n.name)))
  }

  async heal(): Promise<void> {
    await this.cluster.heal()
    await this.target.links?.heal()
  }

  // --- reporting ---

  /** Records a measurement or observation for the report. */
  note(text: string): void {
    this.notes.push(text)
  }

  /** Fails the property with this explanation. */
  fail(message: string): never {
    throw new PropertyViolation(message)
  }

  /** Node log tails and link events, for a failure report. */
  diagnostics(lines = 20): string {
    const events = this.target.links?.events?.() ?? []
    const linkPart = events.length > 0 ? `\n=== store links\n${events.slice(-lines).join('\n')}` : ''
    return this.cluster.logTails(lines) + linkPart
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.watch.stop()
    await this.cluster.stop()
    await this.target.links?.reset?.()
  }
}
