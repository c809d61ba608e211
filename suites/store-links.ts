/**
 * Links a store uses besides the mesh — typically each node's connection to a server (Redis, a
 * database) — described so the suites can fault them along with the mesh. `proxiedBackend` builds one
 * from link proxies; a store with no such links needs none (the mesh verbs already reach it).
 */
import type { LinkDelay, NodeOptions } from 'handoff-harness'

/** The link delay of the suites: the harness's `LinkDelay` (one shape for every injector). */
export type LinkDelaySpec = LinkDelay

export interface StoreLinks {
  /** Called before each node starts, with its name; the options are merged into the node's. */
  prepareNode(name: string): Promise<NodeOptions> | NodeOptions
  /** The nodes in different groups are partitioned (as `cluster.partition`); apply it to these links. */
  partition(groups: readonly string[][]): Promise<void> | void
  /** Undo every partition. */
  heal(): Promise<void> | void
  /** Delay every link both ways; `null` clears delays. */
  setDelay(delay: LinkDelaySpec | null): Promise<void> | void
  /** What was done to the links, for failure reports. */
  events?(): string[]
  /** End of one property run: close what `prepareNode` opened. */
  reset?(): Promise<void> | void
}
