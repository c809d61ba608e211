/**
 * `handoff-harness conformance`: runs a conformance suite against a store (or registry) module from a
 * shell, for CI. Progress goes to stderr, the report to stdout (or `--output`). Exit code: 0 when every
 * property the module claims passed; 1 when one failed (a verdict) or errored (the store could not be
 * set up: a node did not boot, the module does not load in a node); 2 for a usage error — bad flags, or
 * a store module that cannot be resolved, found before any cluster starts. Runs without vitest: it uses
 * the suites' programmatic runners.
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import {
  handoffTargetFromFlags,
  registryTargetFromFlags,
  type TargetFlags,
  UsageError,
} from './cli-target.js'
import { runHandoffSuite } from './handoff/run.js'
import { HANDOFF_PROPERTY_IDS, type HandoffPropertyId } from './handoff/target.js'
import { runRegistrySuite } from './registry/run.js'
import { REGISTRY_PROPERTY_IDS, type RegistryPropertyId } from './registry/target.js'
import { formatJunit } from './report/junit.js'
import { formatSuiteTable, progressEnd, progressStart } from './report/table.js'
import type { ProgressEvent, SuiteResult } from './result.js'

const USAGE = `usage: handoff-harness conformance --store <module> [options]

Runs a conformance suite against <module>: a module booted on every node that exports the contract's
functions (handoff: stash, pickup, remove; registry: register, lookup, unregister, exit) and optionally
\`capabilities\` (the property names it claims, read in a node; default all). Each property ends pass,
FAIL (the store broke it, or a node exited on its own), ERROR (the store could not be set up) or skip
(not claimed). Exit code 0 when every claimed property passed, 1 when one failed or errored, 2 for a
usage error (bad flags, a store module that cannot be resolved).

options:
  --store <module>       package name, #import, or path of the store module (a file: ./store.ts,
                         ./dist/store.js; a .ts file needs tsx installed) (required)
  --suite <name>         handoff (default) | registry
  --nodes <N>            nodes per property (default 3, at least 2)
  --only <a,b,...>       run only these properties
  --convergence-ms <ms>  how long replication may take before "eventually" counts as never
                         (default 5000, times HANDOFF_TIME_FACTOR)
  --config <json>        node config for every node, e.g. '{"redisUrl":"redis://127.0.0.1:6390"}'
  --proxy <configKey>    put a link proxy per node in front of the address in config[configKey], so
                         partitions and link delay reach the store's own server connection
  --reporter <name>      default (table) | json | junit
  --output <file>        write the report there (the table is still printed)
  --diagnostics          print node log tails under failures
  -h, --help             this text

handoff properties: ${HANDOFF_PROPERTY_IDS.join(', ')}
registry properties: ${REGISTRY_PROPERTY_IDS.join(', ')}

examples:
  npx handoff-harness conformance --store handoff-harness/fixtures/state-handoff
  npx handoff-harness conformance --suite registry --store handoff-harness/fixtures/registry-target`

interface Flags extends TargetFlags {
  suite: 'handoff' | 'registry'
  nodes: number
  only: string[] | undefined
  reporter: 'default' | 'json' | 'junit'
  output: string | undefined
  diagnostics: boolean
  convergenceMs: number | undefined
}

function parseFlags(argv: string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      store: { type: 'string' },
      suite: { type: 'string', default: 'handoff' },
      nodes: { type: 'string', default: '3' },
      only: { type: 'string' },
      'convergence-ms': { type: 'string' },
      config: { type: 'string' },
      proxy: { type: 'string' },
      reporter: { type: 'string', default: 'default' },
      output: { type: 'string' },
      diagnostics: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) return 'help'
  if (values.store === undefined) throw new UsageError('--store <module> is required')
  if (values.suite !== 'handoff' && values.suite !== 'registry') {
    throw new UsageError(`--suite must be handoff or registry, got ${values.suite}`)
  }
  const nodes = Number(values.nodes)
  if (!Number.isInteger(nodes) || nodes < 2)
    throw new UsageError(`--nodes must be an integer ≥ 2, got ${values.nodes}`)
  if (values.reporter !== 'default' && values.reporter !== 'json' && values.reporter !== 'junit') {
    throw new UsageError(`--reporter must be default, json or junit, got ${values.reporter}`)
  }
  const convergence = values['convergence-ms']
  const convergenceMs = convergence === undefined ? undefined : Number(convergence)
  if (convergenceMs !== undefined && !(convergenceMs > 0)) {
    throw new UsageError(`--convergence-ms must be a positive number, got ${convergence}`)
  }
  let config: Record<string, unknown> | undefined
  if (values.config !== undefined) {
    try {
      config = JSON.parse(values.config) as Record<string, unknown>
    } catch (err) {
      throw new UsageError(`--config is not JSON: ${(err as Error).message}`)
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config))
      throw new UsageError('--config must be a JSON object')
  }
  const known: readonly string[] = values.suite === 'handoff' ? HANDOFF_PROPERTY_IDS : REGISTRY_PROPERTY_IDS
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = only?.filter((p) => !known.includes(p)) ?? []
  if (unknown.length > 0)
    throw new UsageError(`--only: unknown ${values.suite} properties ${unknown.join(', ')}`)
  return {
    store: values.store,
    suite: values.suite,
    nodes,
    only,
    ...(config === undefined ? {} : { config }),
    ...(values.proxy === undefined ? {} : { proxy: values.proxy }),
    reporter: values.reporter,
    output: values.output,
    diagnostics: values.diagnostics,
    convergenceMs,
  }
}

function progress(event: ProgressEvent): void {
  if (event.type === 'start') process.stderr.write(progressStart(event.index, event.total, event.property))
  else process.stderr.write(`${progressEnd(event.result)}\n`)
}

/** Builds the target (usage errors here, before any cluster) and returns how to run the suite. */
function plan(flags: Flags): () => Promise<SuiteResult> {
  if (flags.suite === 'handoff') {
    const target = handoffTargetFromFlags(flags)
    if (flags.convergenceMs !== undefined) target.timing = { convergenceMs: flags.convergenceMs }
    const only = flags.only as HandoffPropertyId[] | undefined
    return () =>
      runHandoffSuite(target, { nodes: flags.nodes, onProgress: progress, ...(only ? { only } : {}) })
  }
  const target = registryTargetFromFlags(flags)
  if (flags.convergenceMs !== undefined) target.timing = { convergenceMs: flags.convergenceMs }
  const only = flags.only as RegistryPropertyId[] | undefined
  return () =>
    runRegistrySuite(target, { nodes: flags.nodes, onProgress: progress, ...(only ? { only } : {}) })
}

export async function runConformanceCli(argv: string[]): Promise<number> {
  let flags: Flags | 'help'
  let run: () => Promise<SuiteResult>
  try {
    flags = parseFlags(argv)
    if (flags === 'help') {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    run = plan(flags)
  } catch (err) {
    // Bad flags, or a store that names nothing: nothing has started yet.
    process.stderr.write(`handoff-harness conformance: ${(err as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  process.stderr.write(`${flags.suite} conformance of ${flags.store} (${flags.nodes} nodes per property)\n`)
  let suite: SuiteResult
  try {
    suite = await run()
  } catch (err) {
    // Not a verdict on any property: the run itself broke (a bug of ours, or of the machine).
    process.stderr.write(
      `handoff-harness conformance: the run failed: ${err instanceof Error ? err.stack : String(err)}\n`,
    )
    return 1
  }
  const table = formatSuiteTable(suite, { diagnostics: flags.diagnostics })
  const report =
    flags.reporter === 'json'
      ? `${JSON.stringify(suite, null, 2)}\n`
      : flags.reporter === 'junit'
        ? formatJunit(suite)
        : `${table}\n`
  if (flags.output !== undefined) {
    await writeFile(flags.output, report)
    process.stdout.write(`\n${table}\nreport written to ${flags.output}\n`)
  } else if (flags.reporter === 'default') {
    process.stdout.write(`\n${report}`)
  } else {
    process.stdout.write(report)
    process.stderr.write(`\n${table}\n`)
  }
  return suite.ok ? 0 : 1
}
