/**
 * Run by `npm run prepare` (so by `npm ci`): npm links the bins of dependencies but not the package's own,
 * so `npx handoff-harness …` inside this repository would not find it. Link it, and make it executable.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const target = join(root, 'dist', 'cli', 'main.js')
const binDir = join(root, 'node_modules', '.bin')
const link = join(binDir, 'handoff-harness')
chmodSync(target, 0o755)
mkdirSync(binDir, { recursive: true })
rmSync(link, { force: true })
symlinkSync(relative(binDir, target), link)
