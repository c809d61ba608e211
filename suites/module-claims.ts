/**
 * What a target claims when it does not say: the `capabilities` export of its module, read inside a real
 * node — booted with the target's node options but no boot modules, so no `start()` runs and no peer or
 * server is needed, while top-level code sees the environment it was written for (`node.config`, tsx for
 * a `.ts` store, the store's own package resolution). Importing the store into the test process or the
 * CLI instead would miss all three, and a store that opens a connection at import time would keep the
 * CLI alive. Costs one node start per target; the answer is kept per target object.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Cluster, NodeStartError, remote, UnknownExportError } from 'handoff-harness'
import type { readCapabilities } from './in-node/read-capabilities.js'
import { type ContextOptions, TargetSetupError } from './suite-context.js'
import { parseCapabilities, type SuiteTarget } from './suite-target.js'

/** The compiled in-node helper (nodes run `dist/`; from the TypeScript source it is the `dist/` twin). */
function helperUrl(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const compiled = here.includes(`${'/'}dist${'/'}`) ? here : join(here, '..', 'dist', 'suites')
  return pathToFileURL(join(compiled, 'in-node', 'read-capabilities.js')).href
}

// A name no module exports: calling it makes the node's runtime import the module its own way, and
// answer "no such export" once the import worked, or "could not import" with the cause.
const LOAD_ONLY = 'handoff-harness: load only'

/** The module's `capabilities` export read in a node, or undefined when it exports none. */
async function readInNode(target: SuiteTarget, options: ContextOptions): Promise<unknown[] | undefined> {
  const cluster = await Cluster.start({ ...options.cluster })
  try {
    let node: Awaited<ReturnType<Cluster['startNode']>>
    try {
      node = await cluster.startNode({
        ...target.nodeOptions,
        name: `${cluster.name}-capabilities`,
        boot: [],
        join: false,
      })
    } catch (err) {
      if (err instanceof NodeStartError)
        throw new TargetSetupError(`${target.name} could not be set up: ${err.message}`, { cause: err })
      throw err
    }
    const module = remote<Record<string, () => unknown>>(target.module)
    try {
      await cluster.call(node, module[LOAD_ONLY]!, [])
    } catch (err) {
      const loaded = err instanceof UnknownExportError && err.availableExports !== undefined
      if (!loaded) {
        const why = err instanceof Error ? err.message : String(err)
        throw new TargetSetupError(`${target.name} could not be set up: ${why}`, { cause: err })
      }
    }
    const helper = remote<{ readCapabilities: typeof readCapabilities }>(helperUrl())
    const { exported, value } = await cluster.call(node, helper.readCapabilities, [module[LOAD_ONLY]!.module])
    if (!exported) return undefined
    if (!Array.isArray(value))
      throw new TargetSetupError(
        `${target.module}: the capabilities export must be an array of property names, got ${String(value)}`,
      )
    return value
  } finally {
    await cluster.stop()
  }
}

const known = new WeakMap<object, Promise<unknown[] | undefined>>()

/**
 * The target with its claims filled in: as given, or read from its module's `capabilities` export (none
 * exported: it claims everything). Rejects with `TargetSetupError` when the module cannot be loaded in a
 * node or claims names the suite does not know.
 */
export async function withModuleClaims<Id extends string, T extends SuiteTarget<Id>>(
  ids: readonly Id[],
  target: T,
  options: ContextOptions = {},
): Promise<T> {
  if (target.capabilities !== undefined || target.unavailable !== undefined) return target
  let reading = known.get(target)
  if (reading === undefined) {
    reading = readInNode(target, options)
    known.set(target, reading)
  }
  const names = await reading
  if (names === undefined) return target
  let capabilities: Id[]
  try {
    capabilities = parseCapabilities(ids, names, target.module, '')
  } catch (err) {
    throw new TargetSetupError((err as Error).message)
  }
  return { ...target, capabilities }
}
