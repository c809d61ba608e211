/**
 * A linearizability checker for key-value histories (read, write, compare-and-set, delete), as Knossos
 * and Porcupine check them: per-key decomposition, the Wing–Gong–Lowe search with memoised states, a
 * time budget that ends in `unknown`, and on a violation the smallest window of operations that cannot
 * be ordered, as text and as an HTML timeline.
 */
export {
  byKey,
  checkLinearizability,
  KeyRegister,
  type LinCheckOptions,
  type LinCheckResult,
  type LinCounterexample,
  type LinVerdict,
} from './check.js'
export {
  counterexampleTimeline,
  formatCounterexample,
  formatLinReport,
  formatOp,
  type LinTimelineOptions,
} from './format.js'
export { linOpsFromHistory } from './from-history.js'
export {
  describeLinOp,
  type LinEvent,
  type LinInvocation,
  type LinOp,
  type LinOpKind,
  type LinOpResult,
} from './op.js'
export { LinHistory } from './recorder.js'
