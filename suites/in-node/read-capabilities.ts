/**
 * Runs inside a node (the suites call it there): the `capabilities` export of a module the node has
 * already loaded its own way (the runtime imports it first, registering tsx for a `.ts` file, so this
 * `import()` gets the same, cached module). Only plain data comes back.
 */
export async function readCapabilities(specifier: string): Promise<{ exported: boolean; value: unknown }> {
  const mod = (await import(specifier)) as Record<string, unknown>
  if (!('capabilities' in mod) || mod.capabilities === undefined) return { exported: false, value: undefined }
  const value = mod.capabilities
  return { exported: true, value: Array.isArray(value) ? [...value] : String(value) }
}
