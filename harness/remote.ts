/**
 * Typed references to functions that run inside nodes. `remote<typeof import('./m.ts')>('./m.ts').f` is a
 * plain-data `RemoteFn` naming the module and export; `cluster.call(node, fn, args)` is typed from `f`.
 *
 * Specifiers are resolved the way `import` resolves them in the calling file: a relative path (`./m.ts`,
 * `../src/m.js`) is taken from the directory of the file that called `remote()` (or `startNode()` for boot
 * modules), found on the call stack as the first frame outside this package and `node_modules`; only when
 * there is no such frame (a REPL, a wrapper library) does the current directory stand in. Absolute paths
 * and `URL`s (`new URL('./m.ts', import.meta.url)`) are used as they are; package names (`my-pkg/store`,
 * `#imports`) are resolved inside the node, from the package the harness is installed in.
 */
import { dirname, isAbsolute, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

declare const signature: unique symbol

export interface RemoteFn<A extends unknown[] = unknown[], R = unknown> {
  readonly module: string
  readonly export: string
  /** Type-only: carries the parameter and result types. */
  readonly [signature]?: (...args: A) => R
}

// biome-ignore lint/suspicious/noExplicitAny: matching any function signature needs `any` in the constraint
type AnyFunction = (...args: any[]) => unknown

export type RemoteModule<M> = {
  readonly [K in keyof M as M[K] extends AnyFunction ? K : never]: M[K] extends (...args: infer A) => infer R
    ? RemoteFn<A, Awaited<R>>
    : never
}

// This file is <root>/harness/remote.ts (source) or <root>/dist/harness/remote.js (built).
const here = dirname(fileURLToPath(import.meta.url))
const packageRoot = here.endsWith(`${sep}dist${sep}harness`) ? resolve(here, '..', '..') : resolve(here, '..')
/** Our own code, whichever form runs: a frame in here is the harness calling itself. */
const ownDirs = ['harness', 'dist', 'suites', 'fixtures', 'bench', 'cli'].map(
  (d) => `${packageRoot}${sep}${d}${sep}`,
)

function frameFile(location: string): string | undefined {
  // "    at fn (file:///a/b.ts:1:2)" or "    at /a/b.ts:1:2"; strip the line and column.
  const match = /(?:\(|at )((?:file:\/\/)?\/[^()]*?):\d+:\d+\)?$/.exec(location.trim())
  if (match === null) return undefined
  const file = match[1]!
  return file.startsWith('file://') ? fileURLToPath(file) : file
}

/**
 * The directory relative specifiers are resolved from: that of the first caller outside the harness
 * and `node_modules`, else the current directory. Call it synchronously at the public entry point.
 */
export function callerDirectory(): string {
  const holder: { stack?: string } = {}
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 50
  Error.captureStackTrace(holder, callerDirectory)
  Error.stackTraceLimit = limit
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const file = frameFile(line)
    if (file === undefined || file.includes(`${sep}node_modules${sep}`)) continue
    if (ownDirs.some((dir) => file.startsWith(dir))) continue
    return dirname(file)
  }
  return process.cwd()
}

function isPath(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier)
}

/** A specifier as the node imports it: relative paths resolved from `baseDir` (default: the current
 * directory) to a file URL; URLs and package names unchanged. */
export function normalizeSpecifier(specifier: string | URL, baseDir: string = process.cwd()): string {
  if (specifier instanceof URL) return specifier.href
  if (isPath(specifier)) return pathToFileURL(resolve(baseDir, specifier)).href
  return specifier
}

/** `opts` with its boot modules' relative paths resolved from `baseDir` (see `callerDirectory`). */
export function withBootResolved<O extends { boot?: Array<string | URL> }>(opts: O, baseDir: string): O {
  if (opts.boot === undefined) return opts
  return { ...opts, boot: opts.boot.map((s) => normalizeSpecifier(s, baseDir)) }
}

export function remote<M>(specifier: string | URL): RemoteModule<M> {
  const module =
    typeof specifier === 'string' && isPath(specifier)
      ? normalizeSpecifier(specifier, callerDirectory())
      : normalizeSpecifier(specifier)
  return new Proxy({} as RemoteModule<M>, {
    get(_target, key) {
      if (typeof key !== 'string' || key === 'then') return undefined
      return Object.freeze({ module, export: key })
    },
  })
}
