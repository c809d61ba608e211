/**
 * What `npm pack` ships (the full check — install, type-check, run — is scripts/consumer-check.sh in CI):
 * only what users run and read, the declarations every export's `types` names, and dependencies that
 * match what the shipped code imports.
 */
import { readFileSync } from 'node:fs'
import { execa } from 'execa'
import { beforeAll, describe, expect, test } from 'vitest'

interface PackJson {
  files: Array<{ path: string }>
  entryCount: number
}

interface PackageJson {
  exports: Record<string, string | Record<string, string>>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson
let files: string[] = []

beforeAll(async () => {
  const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: new URL('../..', import.meta.url),
  })
  files = (JSON.parse(stdout) as PackJson[])[0]!.files.map((f) => f.path)
})

describe('the tarball', () => {
  test('ships dist, the READMEs and LICENSE, and nothing of our tests, sources or build state', () => {
    expect(files).toContain('LICENSE')
    expect(files).toContain('README.md')
    expect(files).toContain('dist/cli/main.js')
    expect(files).toContain('dist/harness/runtime/node-main.js')
    expect(files).toContain('dist/fixtures/state-handoff/index.js')
    const stray = files.filter(
      (f) =>
        f.startsWith('test/') ||
        f.startsWith('dist/test/') ||
        f.startsWith('.ci/') ||
        f.startsWith('examples/') ||
        f.endsWith('.tsbuildinfo') ||
        f.endsWith('.map') ||
        f.startsWith('tsconfig') ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    )
    expect(stray).toEqual([])
  })

  test("every export's types are built declarations that the tarball contains", () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue
      expect(target.types, entry).toMatch(/^\.\/dist\/.*\.d\.ts$/)
      // `source` (our own tests and typecheck) must come before `types`, or TypeScript never picks it.
      expect(Object.keys(target).indexOf('source'), entry).toBeLessThan(Object.keys(target).indexOf('types'))
      if (!target.types!.includes('*')) expect(files, entry).toContain(target.types!.slice(2))
    }
    for (const fixture of ['state-handoff', 'store', 'redis-store', 'registry'])
      expect(files).toContain(`dist/fixtures/${fixture}/index.d.ts`)
  })

  test('what the CLI imports is a dependency; redis and tsx are optional peers (and devDependencies)', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['execa', 'get-port', 'tinybench']))
    for (const peer of ['redis', 'tsx']) {
      expect(pkg.dependencies[peer], peer).toBeUndefined()
      expect(pkg.peerDependencies[peer], peer).toBeDefined()
      expect(pkg.peerDependenciesMeta[peer]?.optional, peer).toBe(true)
      expect(pkg.devDependencies[peer], peer).toBeDefined()
    }
  })
})
