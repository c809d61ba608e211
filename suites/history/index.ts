/**
 * History recording and checking for store conformance suites: record what a workload did with
 * `History`, then `checkHistory` it for lost, stale, never-read, divergent and phantom values and
 * latency quantiles, and `formatReport` the result. Pure: no I/O, no harness imports.
 */
export { type CheckOptions, checkHistory } from './checker.js'
export {
  type ErrorClassifier,
  HISTORY_FORMAT,
  History,
  type HistoryJson,
  type HistoryOptions,
} from './history.js'
export { KeyTimeline, type TimelineOptions, timelines, type Version } from './key-timeline.js'
export {
  type HistoryLatencies,
  historyLatencies,
  type LatencyStats,
  latencyStats,
  opLatencies,
  QUANTILES,
  type Quantiles,
  quantileOfSorted,
  quantiles,
  type StableSample,
  stableSamples,
  type VisibilityOptions,
  type VisibilitySample,
  visibilitySamples,
} from './latency.js'
export {
  isMutation,
  type Mark,
  type Op,
  type OpCompletion,
  type OpInvocation,
  type OpKind,
  type OpResult,
  outcome,
  QUIESCED,
  type RecordedOp,
} from './op.js'
export {
  type CheckReport,
  type Divergence,
  describeOp,
  type FormatOptions,
  formatLatencies,
  formatReport,
  type LostWrite,
  type NeverReadWrite,
  type PhantomRead,
  type ReportCounts,
  type StaleRead,
} from './report.js'
export { ABSENT, decodeValue, encodeValue, showValue, valueKey } from './value-codec.js'
