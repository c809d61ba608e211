/** Test-only boot module whose start() waits until the file named by `config.gate` exists, so a test can
 * hold a node in its boot while the cluster changes around it. */
import { existsSync } from 'node:fs'

export async function start(ctx: { config: Readonly<Record<string, unknown>> }): Promise<void> {
  const gate = ctx.config.gate
  if (typeof gate !== 'string') return
  while (!existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 10))
}
