/** Every scenario, in the order a full run executes them. */
import { burstScenario } from './burst.js'
import { callScenario } from './call.js'
import { handoffScenario } from './handoff.js'
import { healScenario } from './heal.js'
import { networkScenario } from './network.js'
import { nodeStartScenario } from './node-start.js'
import { registryScenario } from './registry.js'
import { rollingDeployScenario } from './rolling-deploy.js'
import { scaleScenario } from './scale.js'
import type { Scenario } from './scenario.js'
import { syncLatencyScenario } from './sync-latency.js'

export const SCENARIOS: readonly Scenario[] = [
  callScenario,
  nodeStartScenario,
  syncLatencyScenario,
  burstScenario,
  registryScenario,
  handoffScenario,
  healScenario,
  rollingDeployScenario,
  scaleScenario,
  networkScenario,
]
