/** The link proxy: fault injection for links the mesh does not own (see link-proxy.ts). */
export type { DirectionSpec, LinkDelay, ProxyDirection } from './link-faults.js'
export { type CutMode, LinkProxy, type LinkProxyOptions, type ProxyEvent } from './link-proxy.js'
