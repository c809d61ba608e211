// Run by scripts/consumer-check.sh after it removed tsx: a TypeScript boot module then fails with an
// error that names the missing package (tsx is an optional peer dependency of handoff-harness).
import { Cluster, NodeStartError } from 'handoff-harness'

const cluster = await Cluster.start()
try {
  // Relative to this file, like an import.
  const err = await cluster.startNode({ boot: ['./src/kv.ts'] }).catch((e) => e)
  if (!(err instanceof NodeStartError) || !err.message.includes("needs the 'tsx' package")) {
    console.error('expected a NodeStartError naming tsx, got:', err)
    process.exitCode = 1
  } else {
    console.log(`without tsx: ${err.message.split('\n')[0]}`)
  }
} finally {
  await cluster.stop()
}
