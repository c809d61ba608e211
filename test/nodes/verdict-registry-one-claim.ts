/** Test-only registry that claims only what it keeps: the registry whose `exit` never ends the holder
 * (it breaks names-removed-on-exit), honestly claiming `lookup-from-every-node` alone. */
export { exit, lookup, register, start, unregister } from './broken-registry-keeps-names.js'

export const capabilities = ['lookup-from-every-node']
