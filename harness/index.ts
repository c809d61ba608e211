/**
 * `handoff-harness`: start real Node nodes, call functions inside them, stop, kill, restart and
 * partition them, and wait until something holds.
 */

export {
  CallTimeoutError,
  HarnessError,
  ModuleImportError,
  NodeDownError,
  NodeNotRunningError,
  NodeStartError,
  NotCloneableError,
  RemoteCallError,
  UnknownExportError,
  UnknownNodeError,
  WaitTimeoutError,
} from './errors.js'
export type { LinkFault } from './faults/index.js'
export { Cluster } from './manager/cluster.js'
export type { DelayLayer } from './manager/launcher.js'
export {
  NEMESIS_SEED_ENV,
  Nemesis,
  type NemesisEvent,
  type NemesisNetwork,
  type NemesisOptions,
  resolveNemesisSeed,
} from './manager/nemesis.js'
export {
  describeStep,
  NEMESIS_FAULTS,
  type NemesisFault,
  type NemesisScheduleOptions,
  type NemesisStep,
  nemesisSchedule,
  seededRandom,
} from './manager/nemesis-schedule.js'
export { RollingRestartError } from './manager/rolling-restart.js'
export { NetnsCommandError, NetnsUnavailableError, netnsUnavailableReason } from './netns/commands.js'
export type { BackendHost } from './netns/launcher.js'
export type { DirectionSpec, LinkDelay, ProxyDirection } from './proxy/index.js'
export { type CutMode, LinkProxy, type LinkProxyOptions, type ProxyEvent } from './proxy/index.js'
export { type RemoteFn, type RemoteModule, remote } from './remote.js'
export type {
  CallOptions,
  ClusterOptions,
  HeartbeatOptions,
  NetworkKind,
  NodeExit,
  NodeHandle,
  NodeHandles,
  NodeOptions,
  NodeRef,
  NodeStatus,
  RollingEvent,
  RollingEventKind,
  RollingReplacement,
  RollingRestartOptions,
  RollingTimeline,
  StopOptions,
} from './types.js'
export { type WaitOptions, waitUntil } from './wait-until.js'
