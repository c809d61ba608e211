// Bundles the node runtime (dist/harness/runtime/entry.js and the ~17 modules it imports) into one file,
// dist/harness/runtime/node-main.js, which the manager forks. Loading 18 ES modules cost a cold node about
// 36 M instructions more than the same code in one file (~7 % of a bare node's start, callgrind).
// Modules that user code in a node also imports must stay one instance — the `node` facade, the mesh
// errors users test with instanceof, and the frame counters the bench reads — so they stay outside.
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'harness', 'runtime')
const shared = ['runtime/node-runtime.js', 'mesh/errors.js', 'mesh/frame.js'].map((p) =>
  resolve(runtimeDir, '..', p),
)

await build({
  entryPoints: [join(runtimeDir, 'entry.js')],
  outfile: join(runtimeDir, 'node-main.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  // Packages (tsx, an optional peer loaded on demand) stay imports, as in the unbundled runtime.
  packages: 'external',
  target: 'node20',
  logLevel: 'warning',
  plugins: [
    {
      name: 'shared-modules',
      setup(b) {
        b.onResolve({ filter: /^\./ }, (args) => {
          const target = resolve(args.resolveDir, args.path)
          if (!shared.includes(target)) return undefined
          return { path: `./${relative(runtimeDir, target)}`, external: true }
        })
      },
    },
  ],
})
