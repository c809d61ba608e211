#!/usr/bin/env node
/**
 * The `handoff-harness` command: `bench` runs the benchmarks, `conformance` runs the conformance suites
 * against a store or registry module. Each command lives with its subject (bench/cli.ts, suites/cli.ts).
 */
const USAGE = `usage: handoff-harness <command> [options]

commands:
  bench         run the benchmarks and print a table (--help for options)
  conformance   run the conformance suites against an implementation (--help for options)`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'bench': {
      const { runBenchCli } = await import('../bench/cli.js')
      return runBenchCli(rest)
    }
    case 'conformance': {
      const { runConformanceCli } = await import('../suites/cli.js')
      return runConformanceCli(rest)
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(`${USAGE}\n`)
      return command === undefined ? 2 : 0
    default:
      process.stderr.write(`unknown command '${command}'\n${USAGE}\n`)
      return 2
  }
}

process.exitCode = await main(process.argv.slice(2))
