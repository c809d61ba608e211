/**
 * `cluster.rollingRestart()`: replace running nodes batch by batch (`surge` at a time), as a Kubernetes
 * Deployment rolls out a new release, built only from the public verbs (`startNode`, `stopNode`).
 *
 * Each replacement is one of two shapes, chosen by its name. Same name ⇒ in place (`maxUnavailable: 1`):
 * stop the old process gracefully, then start the new one under that name — two processes cannot hold
 * one name on the mesh. New name ⇒ surge (`maxSurge: 1`): start the new node, wait until it is ready
 * (started, meshed, then the optional application `ready` probe), then stop the old one gracefully. A
 * batch runs its replacements concurrently; the next batch starts when the whole batch is done.
 *
 * An old node that is no longer running when its turn comes (killed mid-deploy) is only replaced
 * (event `gone`). The first failing verb stops the rollout and its error propagates unchanged (a
 * `NodeStartError` from the new node, ...); nodes not yet replaced keep running, as with
 * `kubectl rollout`. Bad input throws `RollingRestartError` before anything changes.
 */
import { HarnessError } from '../errors.js'
import type {
  NodeExit,
  NodeHandle,
  NodeOptions,
  NodeRef,
  RollingEvent,
  RollingReplacement,
  RollingRestartOptions,
  RollingTimeline,
  StopOptions,
} from '../types.js'

/** What the rollout needs from the cluster. */
export interface RollingHost {
  readonly name: string
  nodes(): NodeHandle[]
  node(name: string): NodeHandle
  startNode(opts: NodeOptions): Promise<NodeHandle>
  stopNode(ref: NodeRef, opts: StopOptions): Promise<NodeExit>
}

export class RollingRestartError extends HarnessError {
  override name = 'RollingRestartError'
  constructor(cluster: string, problem: string) {
    super(`cluster ${cluster}: rollingRestart: ${problem}; nothing was changed`, undefined, 'rollingRestart')
  }
}

interface Plan {
  old: string
  new: string
  options: NodeOptions
}

const now = (): number => performance.timeOrigin + performance.now()

export async function rollingRestart(
  host: RollingHost,
  optionsOf: (name: string) => NodeOptions,
  opts: RollingRestartOptions = {},
): Promise<RollingTimeline> {
  const plans = plan(host, optionsOf, opts)
  const surge = opts.surge ?? 1
  const startedAt = now()
  const events: RollingEvent[] = []
  const emit = async (event: Omit<RollingEvent, 'at'>): Promise<number> => {
    const full: RollingEvent = { ...event, at: now() }
    events.push(full)
    await opts.onEvent?.(full)
    return full.at
  }
  const stopOpts: StopOptions = opts.stopTimeoutMs === undefined ? {} : { timeoutMs: opts.stopTimeoutMs }
  const replaced: RollingReplacement[] = []

  const stopOld = async (p: Plan): Promise<Pick<RollingReplacement, 'stopAt' | 'stoppedAt' | 'exit'>> => {
    if (host.node(p.old).status !== 'running') {
      await emit({ kind: 'gone', node: p.old, replaces: p.old })
      return { stopAt: undefined, stoppedAt: undefined, exit: undefined }
    }
    const stopAt = await emit({ kind: 'stop', node: p.old, replaces: p.old })
    const exit = await host.stopNode(p.old, stopOpts)
    const stoppedAt = await emit({ kind: 'stopped', node: p.old, replaces: p.old, exit })
    return { stopAt, stoppedAt, exit }
  }
  const startNew = async (p: Plan): Promise<Pick<RollingReplacement, 'startAt' | 'readyAt'>> => {
    const startAt = await emit({ kind: 'start', node: p.new, replaces: p.old })
    const handle = await host.startNode(p.options)
    await opts.ready?.(handle)
    const readyAt = await emit({ kind: 'ready', node: p.new, replaces: p.old })
    return { startAt, readyAt }
  }
  const replaceOne = async (p: Plan): Promise<RollingReplacement> => {
    if (p.new === p.old) {
      const stopped = await stopOld(p)
      return { old: p.old, new: p.new, mode: 'in-place', ...(await startNew(p)), ...stopped }
    }
    const started = await startNew(p)
    return { old: p.old, new: p.new, mode: 'surge', ...started, ...(await stopOld(p)) }
  }

  for (let i = 0; i < plans.length; i += surge) {
    replaced.push(...(await Promise.all(plans.slice(i, i + surge).map(replaceOne))))
  }
  return { startedAt, durationMs: now() - startedAt, replacements: replaced, events }
}

/** Checks the input against the cluster as it is now and resolves every replacement's options. */
function plan(
  host: RollingHost,
  optionsOf: (name: string) => NodeOptions,
  opts: RollingRestartOptions,
): Plan[] {
  const fail = (problem: string): never => {
    throw new RollingRestartError(host.name, problem)
  }
  const surge = opts.surge ?? 1
  if (!Number.isInteger(surge) || surge < 1) fail(`surge must be a positive integer, got ${String(surge)}`)
  const running = host.nodes().map((n) => n.name)
  const old =
    opts.nodes === undefined
      ? running
      : opts.nodes.map((r) => host.node(typeof r === 'string' ? r : r.name).name)
  if (old.length === 0) fail('there is no running node to replace')
  for (const name of old) {
    if (!running.includes(name)) fail(`node ${name} is ${host.node(name).status}, not running`)
  }
  if (new Set(old).size !== old.length) fail(`a node is listed twice in nodes: ${old.join(', ')}`)
  const plans = old.map((name, i): Plan => {
    const base = optionsOf(name)
    const release = opts.node ?? {}
    const newName = opts.rename?.(name, i) ?? name
    if (typeof newName !== 'string' || newName === '') fail(`rename(${name}) returned no name`)
    return {
      old: name,
      new: newName,
      options: {
        ...base,
        ...release,
        name: newName,
        env: { ...base.env, ...release.env },
        config: { ...base.config, ...release.config },
      },
    }
  })
  const fresh = plans.filter((p) => p.new !== p.old).map((p) => p.new)
  if (new Set(fresh).size !== fresh.length)
    fail(`rename gave two replacements the same name: ${fresh.join(', ')}`)
  for (const name of fresh) {
    if (running.includes(name)) fail(`rename gave ${name}, the name of a running node`)
  }
  return plans
}
