/**
 * Typed references to functions that run inside nodes. `remote<typeof import('./m.js')>('./m.js').f` is a
 * plain-data `RemoteFn` naming the module and export; `cluster.call(node, fn, args)` is typed from `f`.
 */
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

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

/** Paths are resolved against the current directory; package names and URLs are left as they are. */
export function normalizeSpecifier(specifier: string | URL): string {
  if (specifier instanceof URL) return specifier.href
  if (specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier)) {
    return pathToFileURL(resolve(specifier)).href
  }
  return specifier
}

export function remote<M>(specifier: string | URL): RemoteModule<M> {
  const module = normalizeSpecifier(specifier)
  return new Proxy({} as RemoteModule<M>, {
    get(_target, key) {
      if (typeof key !== 'string' || key === 'then') return undefined
      return Object.freeze({ module, export: key })
    },
  })
}
