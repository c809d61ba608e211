/**
 * Where the bench's in-node modules and the fixtures are. Nodes load compiled JavaScript, so this always
 * points into `dist/`, also when the bench code itself runs from the TypeScript source (vitest).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const self = fileURLToPath(import.meta.url)
/** The package root: this file is `bench/run/module-path.ts` or `dist/bench/run/module-path.js`. */
const root = self.endsWith('.ts') ? join(dirname(self), '..', '..') : join(dirname(self), '..', '..', '..')

export function benchNodeModule(name: string): string {
  const file = join(root, 'dist', 'bench', 'nodes', `${name}.js`)
  if (!existsSync(file)) throw new Error(`bench node module ${file} is missing: run 'npm run build'`)
  return pathToFileURL(file).href
}

/** A fixture (`handoff-harness/fixtures/<name>`) is available when its compiled entry exists. */
export function fixtureAvailable(name: string): boolean {
  return existsSync(join(root, 'dist', 'fixtures', name, 'index.js'))
}
