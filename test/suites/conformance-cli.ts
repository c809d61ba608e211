/**
 * The `conformance` command as a user runs the bin — `node dist/cli/main.js conformance ...` (vitest's
 * global setup builds dist) — for the CLI tests, and a directory for the report files they write.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, beforeAll } from 'vitest'

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))))

/** Runs the command to its end (a non-zero exit does not throw: the tests check the exit code). */
export const conformance = (...args: string[]) =>
  execa(process.execPath, ['dist/cli/main.js', 'conformance', ...args], {
    cwd: root,
    reject: false,
    timeout: 170_000,
  })

/** The `--reporter json` report. */
export interface JsonReport {
  suite?: string
  ok: boolean
  results: Array<Record<string, unknown>>
}

export const jsonReport = (text: string): JsonReport => JSON.parse(text) as JsonReport

/** Call inside a `describe`: a temporary directory for its report files, removed after the block.
 * Returns the path of a file in it. */
export function reportDir(prefix: string): (file: string) => string {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  return (file) => join(dir, file)
}
