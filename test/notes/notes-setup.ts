/** Shared setup for the notes cluster tests: a primary named `primary` plus replicas, all booting notes. */
import { type Cluster, type NodeHandle, type NodeOptions, RemoteCallError, remote } from 'handoff-harness'
import type { NoteView } from 'handoff-harness/fixtures/notes'

export const NOTES = 'handoff-harness/fixtures/notes'
export const Notes = remote<typeof import('handoff-harness/fixtures/notes')>(NOTES)
export const Echo = remote<typeof import('#test-nodes/echo')>('#test-nodes/echo')
export const PRIMARY = 'primary'

export function notesNode(config: Record<string, unknown> = {}): NodeOptions {
  return { boot: [NOTES], config: { primary: PRIMARY, ...config } }
}

export async function startNotes(
  cluster: Cluster,
  replicas: number,
  config: Record<string, unknown> = {},
): Promise<{ primary: NodeHandle; replicas: NodeHandle[] }> {
  const primary = await cluster.startNode({ ...notesNode(config), name: PRIMARY })
  return { primary, replicas: await cluster.startNodes(replicas, notesNode(config)) }
}

export function startPrimary(cluster: Cluster, config: Record<string, unknown> = {}): Promise<NodeHandle> {
  return cluster.startNode({ ...notesNode(config), name: PRIMARY })
}

/** `id(text)[children]`, compact and order-preserving, for whole-tree comparisons. */
export function show(view: NoteView): string {
  return `${view.id}(${view.text})[${view.children.map(show).join(',')}]`
}

export function ids(view: NoteView): string[] {
  return [view.id, ...view.children.flatMap(ids)]
}

/** The remote error's class name, or undefined when the call did not fail that way. */
export function remoteName(err: unknown): string | undefined {
  return err instanceof RemoteCallError ? err.remoteName : undefined
}
