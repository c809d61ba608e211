import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Child nodes run the compiled `dist/`; rebuild it (incrementally, ~1 s when nothing changed) so a test
// never runs against stale node code, then bundle the node runtime again (what nodes are forked with;
// scripts/bundle-runtime.mjs, ~0.1 s), as `npm run build` does. tsc emits even when it finds type errors;
// those are reported here and fail `npm run typecheck`, not the tests.
export default function setup(): void {
  const root = dirname(dirname(fileURLToPath(import.meta.url)))
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    process.stderr.write(
      `\n[global-setup] tsc reported errors (dist was still emitted):\n${result.stdout}${result.stderr}\n`,
    )
  }
  const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle-runtime.mjs')], {
    cwd: root,
    encoding: 'utf8',
  })
  if (bundle.status !== 0)
    throw new Error(`[global-setup] bundling the node runtime failed:\n${bundle.stdout}${bundle.stderr}`)
}
