/**
 * `proxiedBackend`: store links for a store whose nodes talk to one server (Redis, a database) at an
 * address in their config. Each node gets its own link proxy in front of the server, and its config
 * entry is rewritten to point at that proxy, so the mesh's fault verbs reach the server connection:
 * - a partition puts the server with the largest group (the first one on a tie) and cuts the proxies
 *   of every node in the other groups (a central server cannot be on both sides);
 * - a link delay delays each proxy both ways.
 */
import { type CutMode, LinkProxy, type NodeOptions } from 'handoff-harness'
import type { LinkDelaySpec, StoreLinks } from './store-links.js'

export interface ProxiedBackendOptions {
  /** The node config entry holding the server address, e.g. `'redisUrl'`. */
  configKey: string
  /** The server's address: a URL (`redis://127.0.0.1:6390`) or `host:port`. A function is read at
   * each node start (the server may be started by the target's setup). */
  address: string | (() => string)
  /** How a cut behaves (see LinkProxy.cut). Default `'reset'`. */
  cutMode?: CutMode
}

export interface ProxiedBackend extends StoreLinks {
  /** The proxy in front of the server for one node. */
  proxyOf(node: string): LinkProxy | undefined
  /** Closes every proxy. */
  close(): Promise<void>
}

/** Parses `scheme://host:port/...` or `host:port`. */
function parseAddress(address: string): { host: string; port: number; rewrite: (port: number) => string } {
  if (address.includes('://')) {
    const url = new URL(address)
    const port = Number(url.port)
    if (!Number.isInteger(port) || port <= 0) throw new TypeError(`address ${address} has no port`)
    return {
      host: url.hostname,
      port,
      rewrite: (p) => {
        const next = new URL(address)
        next.hostname = '127.0.0.1'
        next.port = String(p)
        return next.href
      },
    }
  }
  const match = /^(.*):(\d+)$/.exec(address)
  if (match === null) throw new TypeError(`address ${address} is neither a URL nor host:port`)
  return { host: match[1]!, port: Number(match[2]), rewrite: (p) => `127.0.0.1:${p}` }
}

export function proxiedBackend(options: ProxiedBackendOptions): ProxiedBackend {
  const proxies = new Map<string, LinkProxy>()
  const log: string[] = []
  const address = () => (typeof options.address === 'function' ? options.address() : options.address)

  return {
    async prepareNode(name: string): Promise<NodeOptions> {
      const server = parseAddress(address())
      let proxy = proxies.get(name)
      if (proxy === undefined) {
        proxy = await LinkProxy.start({
          target: { host: server.host, port: server.port },
          name: `${name}→${options.configKey}`,
          log: (line) => log.push(`${new Date().toISOString()} ${line}`),
        })
        proxies.set(name, proxy)
      }
      return { config: { [options.configKey]: server.rewrite(proxy.port) } }
    },

    partition(groups: readonly string[][]): void {
      const serverSide = groups.reduce((best, g) => (g.length > best.length ? g : best), groups[0] ?? [])
      for (const group of groups) {
        if (group === serverSide) continue
        for (const name of group) proxies.get(name)?.cut({ mode: options.cutMode ?? 'reset' })
      }
    },

    heal(): void {
      for (const proxy of proxies.values()) proxy.heal()
    },

    setDelay(delay: LinkDelaySpec | null): void {
      for (const proxy of proxies.values()) {
        if (delay === null) proxy.clearLinkFaults()
        else proxy.setLinkDelay('both', delay)
      }
    },

    events: () => [...log],

    proxyOf: (node) => proxies.get(node),

    async reset(): Promise<void> {
      const open = [...proxies.values()]
      proxies.clear()
      log.length = 0
      await Promise.all(open.map((p) => p.close()))
    },

    async close(): Promise<void> {
      await this.reset?.()
    },
  }
}
