/**
 * Histories recorded by the handoff suite's `History` (stash/pickup/remove as write/read/delete) are
 * linearizability histories too: this maps them over, node as client, so that a store which claims
 * more than convergence can have any recorded workload judged by `checkLinearizability`.
 */
import type { Op } from '../history/op.js'
import type { LinOp } from './op.js'

export function linOpsFromHistory(ops: readonly Op[]): LinOp[] {
  return ops.map((op) => {
    const base = { id: op.id, client: op.node, key: op.key, kind: op.kind, start: op.start }
    const timing = op.end === undefined ? {} : { end: op.end }
    const result = op.result === undefined ? {} : { result: op.result }
    const error = op.error === undefined ? {} : { error: op.error }
    const payload = op.kind === 'write' ? { value: op.value } : op.kind === 'read' ? { output: op.value } : {}
    return { ...base, ...timing, ...result, ...error, ...payload }
  })
}
