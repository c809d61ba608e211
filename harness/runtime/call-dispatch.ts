/**
 * Runs `module.export(...args)` inside the node for `cluster.call`/`cast`, and imports boot modules.
 * What a call came to is decided here, once: its value, or why it failed (`CallFailureKind`: it threw,
 * its module or export could not be resolved, its result could not be cloned); the manager turns the
 * kind into a typed error (manager/call-failure.ts). Modules are imported once and cached. A `.ts`
 * specifier makes the node register tsx first (≈125 ms, once), so users can point at TypeScript files;
 * our own code ships precompiled.
 */
import type { CallOutcome, ManagerMessage, NodeMessage } from '../control-channel.js'
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

/** Answers a `call`: its outcome as one `result`; a result that cannot be cloned becomes a failure. */
export function answerCall(
  msg: Extract<ManagerMessage, { type: 'call' }>,
  node: string,
  send: (msg: NodeMessage) => void,
): void {
  const outcome = runExport(node, msg.module, msg.export, msg.args)
  if (outcome instanceof Promise) void outcome.then((o) => reply(msg.id, msg.export, o, send))
  else reply(msg.id, msg.export, outcome, send)
}

function reply(id: number, name: string, outcome: CallOutcome, send: (msg: NodeMessage) => void): void {
  if (!outcome.ok) {
    send({ type: 'result', id, ...outcome })
    return
  }
  try {
    send({ type: 'result', id, ok: true, value: outcome.value })
  } catch (err) {
    const error = serializeError(err)
    error.message = `the result of ${name} is not structured-cloneable: ${error.message}`
    send({ type: 'result', id, ok: false, kind: 'result-not-cloneable', error })
  }
}

/** Runs a `cast`: no answer; a failure goes to the node's log. */
export function runCast(
  msg: Extract<ManagerMessage, { type: 'cast' }>,
  node: string,
  log: (line: string) => void,
): void {
  void Promise.resolve(runExport(node, msg.module, msg.export, msg.args)).then((outcome) => {
    if (!outcome.ok) log(`cast ${msg.export} failed: ${outcome.error.name}: ${outcome.error.message}`)
  })
}
