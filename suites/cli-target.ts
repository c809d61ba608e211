/**
 * Builds a suite target from the CLI's flags: the store module (resolved here first, so a specifier that
 * names nothing is a usage error before any cluster starts; its `capabilities` are read later, inside a
 * node, by the runner), node config from `--config`, and with `--proxy <configKey>` a link proxy per node
 * in front of the server named by that config entry, so the partition and delay properties reach the
 * store's own connection.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { remote } from 'handoff-harness'
import type { HandoffTarget } from './handoff/target.js'
import { type ProxiedBackend, proxiedBackend } from './proxied-backend.js'
import type { RegistryTarget } from './registry/target.js'

export interface TargetFlags {
  store: string
  config?: Record<string, unknown>
  proxy?: string
}

/** The flags name something that cannot work: exit 2, before any node starts. */
export class UsageError extends Error {}

/** The specifier as the nodes get it: relative paths taken from the current directory. */
export function moduleUrl(specifier: string): string {
  return remote<Record<string, () => unknown>>(specifier).module!.module
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]

/**
 * Checks that `store` names a module the nodes can load (they resolve it as this module does: same
 * package) and returns the specifier they get. A bare name that is no package but a file here gets the
 * hint to write it as a path.
 */
export function resolveStore(store: string): string {
  const specifier = moduleUrl(store)
  let url: string
  try {
    url = import.meta.resolve(specifier)
  } catch (err) {
    const asPath = resolve(store)
    const hint = existsSync(asPath)
      ? `; there is a file ${asPath}: write it as a path, --store ./${store}`
      : /^[\w@.-][^:]*\/|\.[cm]?[jt]sx?$/.test(store)
        ? `; if it is a file, write it as a path starting with ./ (--store ./${store})`
        : ''
    throw new UsageError(`--store ${store}: cannot resolve the module (${firstLine(err)})${hint}`)
  }
  if (url.startsWith('file:') && !existsSync(fileURLToPath(url))) {
    throw new UsageError(`--store ${store}: no such file ${fileURLToPath(url)}`)
  }
  return specifier
}

function links(flags: TargetFlags): ProxiedBackend | undefined {
  if (flags.proxy === undefined) return undefined
  const address = flags.config?.[flags.proxy]
  if (typeof address !== 'string') {
    throw new UsageError(
      `--proxy ${flags.proxy}: --config must give ${flags.proxy} as a string address (URL or host:port)`,
    )
  }
  return proxiedBackend({ configKey: flags.proxy, address })
}

/** The parts every suite target has; claims come from the module (read in a node by the runner). */
function targetFromFlags(flags: TargetFlags) {
  const module = resolveStore(flags.store)
  const backend = links(flags)
  return {
    name: flags.store,
    module,
    ...(flags.config === undefined ? {} : { nodeOptions: { config: flags.config } }),
    ...(backend === undefined ? {} : { links: backend, teardown: () => backend.close() }),
  }
}

export function handoffTargetFromFlags(flags: TargetFlags): HandoffTarget {
  return targetFromFlags(flags)
}

export function registryTargetFromFlags(flags: TargetFlags): RegistryTarget {
  return targetFromFlags(flags)
}
