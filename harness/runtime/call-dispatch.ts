/**
 * Runs `module.export(...args)` inside the node for `cluster.call`/`cast`, and imports boot modules.
 * Modules are imported once and cached. A `.ts` specifier makes the node register tsx first (≈125 ms,
 * once), so users can point at TypeScript files; our own code ships precompiled.
 */
import type { CallFailureKind } from '../control-channel.js'
import type { SerializedError } from '../mesh/serialized-error.js'
import { serializeError } from '../mesh/serialized-error.js'

const modules = new Map<string, Promise<Record<string, unknown>>>()
/** Modules that finished loading, for the synchronous fast path of a call. */
const loaded = new Map<string, Record<string, unknown>>()
let tsxRegistered: Promise<void> | undefined

function isTypeScript(specifier: string): boolean {
  return /\.(c|m)?tsx?$/.test(specifier)
}

async function registerTsx(): Promise<void> {
  tsxRegistered ??= (async () => {
    try {
      const api = (await import('tsx/esm/api')) as { register(): unknown }
      api.register()
    } catch (err) {
      throw new Error(
        `loading TypeScript in a node needs the 'tsx' package, an optional peer dependency of ` +
          `handoff-harness: install it in your project (npm i -D tsx) (${(err as Error).message})`,
      )
    }
  })()
  return tsxRegistered
}

export function importModule(specifier: string): Promise<Record<string, unknown>> {
  let loading = modules.get(specifier)
  if (loading === undefined) {
    loading = (async () => {
      if (isTypeScript(specifier)) await registerTsx()
      const mod = (await import(specifier)) as Record<string, unknown>
      loaded.set(specifier, mod)
      return mod
    })()
    modules.set(specifier, loading)
    loading.catch(() => modules.delete(specifier))
  }
  return loading
}

export type CallOutcome =
  | { ok: true; value: unknown }
  | { ok: false; kind: CallFailureKind; error: SerializedError; exports?: string[] }

export function functionExports(mod: Record<string, unknown>): string[] {
  return Object.keys(mod).filter((k) => typeof mod[k] === 'function')
}

function invoke(
  specifier: string,
  name: string,
  mod: Record<string, unknown>,
  args: unknown[],
): CallOutcome | Promise<CallOutcome> {
  const fn = mod[name]
  if (typeof fn !== 'function') {
    const exports = functionExports(mod)
    return {
      ok: false,
      kind: 'unknown-export',
      exports,
      error: {
        name: 'UnknownExportError',
        message: `'${specifier}' has no function export '${name}' (function exports: ${exports.join(', ') || 'none'})`,
      },
    }
  }
  let value: unknown
  try {
    value = (fn as (...a: unknown[]) => unknown)(...args)
  } catch (err) {
    return { ok: false, kind: 'threw', error: serializeError(err) }
  }
  if (!(value instanceof Promise)) return { ok: true, value }
  return value.then(
    (v: unknown): CallOutcome => ({ ok: true, value: v }),
    (err: unknown): CallOutcome => ({ ok: false, kind: 'threw', error: serializeError(err) }),
  )
}

/** Runs the export; synchronously when its module is loaded and the function is synchronous. */
export function runExport(
  _nodeName: string,
  specifier: string,
  name: string,
  args: unknown[],
): CallOutcome | Promise<CallOutcome> {
  const mod = loaded.get(specifier)
  if (mod !== undefined) return invoke(specifier, name, mod, args)
  return importModule(specifier).then(
    (m) => invoke(specifier, name, m, args),
    // The raw import error: the manager wraps it in ModuleImportError with the node, function and module.
    (err: unknown): CallOutcome => ({ ok: false, kind: 'unknown-module', error: serializeError(err) }),
  )
}
