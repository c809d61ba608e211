import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

// The store's arrows (fixtures/store/index.ts): the public API calls the state and the sync, the sync
// sees the state only through its port, the pure CRDT imports no I/O, and only DeltaCrdt.start chooses a network.
const dir = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'fixtures', 'store')
const importsOf = (file: string): string[] =>
  [...readFileSync(join(dir, file), 'utf8').matchAll(/^import [^']*'([^']+)'/gm)].map((m) => m[1]!)
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))

describe('fixtures/store layering', () => {
  test('only DeltaCrdt.start (replica.ts) knows the mesh transport', () => {
    const users = files.filter((f) =>
      importsOf(f).some((i) => i === './node-transport.js' || i === 'handoff-harness/node'),
    )
    expect(users.sort()).toEqual(['node-transport.ts', 'replica.ts'])
  })

  test('nothing imports the public API, and the sync side sees the state only through its port', () => {
    for (const f of files.filter((x) => x !== 'index.ts'))
      expect(importsOf(f), f).not.toContain('./replica.js')
    for (const f of ['replica-sync.ts', 'exchange.ts', 'push-sender.ts', 'neighbour.ts', 'push-acks.ts']) {
      expect(importsOf(f), f).not.toContain('./replica-state.js')
    }
    expect(importsOf('replica-state.ts')).not.toContain('./replica-sync.js')
  })

  test('the pure CRDT imports nothing but itself', () => {
    const pure = ['aw-lww-map.ts', 'version-vector.ts', 'hlc.ts', 'sibling-order.ts', 'digest.ts', 'hash.ts']
    for (const f of pure) {
      for (const i of importsOf(f))
        expect(
          pure.map((p) => `./${p.replace(/\.ts$/, '.js')}`),
          `${f} → ${i}`,
        ).toContain(i)
    }
  })
})
