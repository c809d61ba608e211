/**
 * Builds a suite target from the CLI's flags: the store module (imported here only to read its
 * optional `capabilities` export — the nodes import it for real), node config from `--config`, and
 * with `--proxy <configKey>` a link proxy per node in front of the server named by that config entry,
 * so the partition and delay properties reach the store's own connection.
 */
import { normalizeSpecifier } from '../harness/remote.js'
import { type HandoffTarget, parseHandoffCapabilities } from './handoff/target.js'
import { type ProxiedBackend, proxiedBackend } from './proxied-backend.js'
import { parseRegistryCapabilities, type RegistryTarget } from './registry/target.js'

export interface TargetFlags {
  store: string
  config?: Record<string, unknown>
  proxy?: string
}

/** Relative paths are taken from the current directory (as the cluster does for boot modules). */
export const moduleUrl = normalizeSpecifier

/** The module's `capabilities` export, or undefined (claims everything) with a warning on failure. */
async function readCapabilities(store: string, warn: (line: string) => void): Promise<unknown[] | undefined> {
  let mod: Record<string, unknown>
  try {
    mod = (await import(moduleUrl(store))) as Record<string, unknown>
  } catch (err) {
    warn(
      `note: could not import ${store} in the CLI process to read its capabilities ` +
        `(${err instanceof Error ? err.message.split('\n')[0] : String(err)}); assuming it claims every property`,
    )
    return undefined
  }
  const caps = mod.capabilities
  if (caps === undefined) return undefined
  if (!Array.isArray(caps))
    throw new TypeError(`${store}: the capabilities export must be an array of property names`)
  return caps
}

function links(flags: TargetFlags): ProxiedBackend | undefined {
  if (flags.proxy === undefined) return undefined
  const address = flags.config?.[flags.proxy]
  if (typeof address !== 'string') {
    throw new TypeError(
      `--proxy ${flags.proxy}: --config must give ${flags.proxy} as a string address (URL or host:port)`,
    )
  }
  return proxiedBackend({ configKey: flags.proxy, address })
}

/** The parts every suite target has, with the suite's own capability parser. */
async function targetFromFlags<C>(
  flags: TargetFlags,
  warn: (line: string) => void,
  parseCapabilities: (caps: unknown[], store: string) => C,
) {
  const caps = await readCapabilities(flags.store, warn)
  const backend = links(flags)
  return {
    name: flags.store,
    module: moduleUrl(flags.store),
    ...(flags.config === undefined ? {} : { nodeOptions: { config: flags.config } }),
    ...(caps === undefined ? {} : { capabilities: parseCapabilities(caps, flags.store) }),
    ...(backend === undefined ? {} : { links: backend, teardown: () => backend.close() }),
  }
}

export function handoffTargetFromFlags(
  flags: TargetFlags,
  warn: (line: string) => void,
): Promise<HandoffTarget> {
  return targetFromFlags(flags, warn, parseHandoffCapabilities)
}

export function registryTargetFromFlags(
  flags: TargetFlags,
  warn: (line: string) => void,
): Promise<RegistryTarget> {
  return targetFromFlags(flags, warn, parseRegistryCapabilities)
}
