/** How errors name a remote function: `<module file>.<export>`, e.g. `state-handoff.pickup`. Computed only
 * when an error needs it, to keep it off the call path. */
export interface RemoteFnRef {
  readonly module: string
  readonly export: string
}

export function describeFn(fn: RemoteFnRef): string {
  const base =
    fn.module
      .replace(/\/index(\.[cm]?[jt]s)?$/, '')
      .split('/')
      .pop() ?? fn.module
  return `${base.replace(/\.[cm]?[jt]s$/, '')}.${fn.export}`
}
