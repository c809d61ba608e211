/**
 * The programmatic runner of the handoff suite (no vitest needed): `runHandoffProperty` runs one
 * property on a fresh cluster and rejects with `PropertyFailedError` when the store breaks it;
 * `runHandoffSuite` runs the target's setup, every property in order, its teardown, and collects the
 * results. The vitest wrapper and the CLI are both built on these.
 */
import {
  failureMessage,
  type ProgressEvent,
  PropertyFailedError,
  type PropertyResult,
  type SuiteResult,
  suiteResult,
} from '../result.js'
import { type ContextOptions, HandoffContext } from './context.js'
import { partitionHealConverges, workloadUnderDelay } from './properties/faults.js'
import { concurrentWritesConverge, gracefulStopKeepsWrites, killLossWindow } from './properties/lifecycle.js'
import {
  crossNodeVisibility,
  deleteReachesEveryNode,
  lateJoiner,
  sameNodeRead,
} from './properties/visibility.js'
import type { HandoffProperty } from './property.js'
import {
  HANDOFF_PROPERTY_IDS,
  type HandoffPropertyId,
  type HandoffTarget,
  handoffSkipReason,
} from './target.js'

/** Every property of the handoff suite, in `HANDOFF_PROPERTY_IDS` order. */
export const HANDOFF_PROPERTIES: readonly HandoffProperty[] = [
  sameNodeRead,
  crossNodeVisibility,
  lateJoiner,
  deleteReachesEveryNode,
  concurrentWritesConverge,
  gracefulStopKeepsWrites,
  killLossWindow,
  partitionHealConverges,
  workloadUnderDelay,
]

export function handoffProperty(id: HandoffPropertyId): HandoffProperty {
  const found = HANDOFF_PROPERTIES.find((p) => p.id === id)
  if (found === undefined)
    throw new RangeError(`no handoff property '${id}'; known: ${HANDOFF_PROPERTY_IDS.join(', ')}`)
  return found
}

export interface HandoffRunOptions extends ContextOptions {
  /** Only these properties (default: all). Others are left out of the results. */
  only?: readonly HandoffPropertyId[]
  /** Called when a property starts and when it ends. */
  onProgress?: (event: ProgressEvent) => void
}

function claims(target: HandoffTarget, id: HandoffPropertyId): boolean {
  return target.capabilities === undefined || new Set(target.capabilities).has(id)
}

/**
 * Runs one property. Resolves with a `passed` or `skipped` result; rejects with `PropertyFailedError`
 * (message: `handoff property '<id>' failed for <target>: ...`) when the store breaks it. Does not
 * run the target's setup/teardown (the suite does).
 */
export async function runHandoffProperty(
  target: HandoffTarget,
  id: HandoffPropertyId,
  options: ContextOptions = {},
): Promise<PropertyResult> {
  const property = handoffProperty(id)
  const base = {
    suite: 'handoff' as const,
    property: id,
    title: property.title,
    claimed: claims(target, id),
    informational: property.informational ?? false,
  }
  const skip = handoffSkipReason(target, id)
  if (skip !== undefined) return { ...base, status: 'skipped', durationMs: 0, reason: skip, notes: [] }
  const started = performance.now()
  let ctx: HandoffContext | undefined
  try {
    ctx = await HandoffContext.create(target, id, options)
    await property.run(ctx)
    return { ...base, status: 'passed', durationMs: performance.now() - started, notes: [...ctx.notes] }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    const result: PropertyResult = {
      ...base,
      status: 'failed',
      durationMs: performance.now() - started,
      reason: failureMessage('handoff', id, target.name, detail),
      notes: [...(ctx?.notes ?? [])],
      ...(ctx === undefined ? {} : { diagnostics: ctx.diagnostics() }),
    }
    throw new PropertyFailedError(result)
  } finally {
    await ctx?.[Symbol.asyncDispose]()
  }
}

/** Runs the target's setup, every (selected) property, its teardown; never rejects for a failed property. */
export async function runHandoffSuite(
  target: HandoffTarget,
  options: HandoffRunOptions = {},
): Promise<SuiteResult> {
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const selected = HANDOFF_PROPERTIES.filter((p) => options.only === undefined || options.only.includes(p.id))
  const results: PropertyResult[] = []
  let setupError: string | undefined
  if (target.unavailable === undefined) {
    try {
      await target.setup?.()
    } catch (err) {
      setupError = `setup of ${target.name} failed: ${err instanceof Error ? err.message : String(err)}`
    }
  }
  try {
    for (const [index, property] of selected.entries()) {
      const total = selected.length
      options.onProgress?.({
        type: 'start',
        suite: 'handoff',
        property: property.id,
        title: property.title,
        index,
        total,
      })
      const result =
        setupError === undefined
          ? await runHandoffProperty(target, property.id, options).catch((err: unknown) => {
              if (err instanceof PropertyFailedError) return err.result
              throw err
            })
          : failedBySetup(target, property, setupError)
      results.push(result)
      options.onProgress?.({ type: 'end', result, index, total })
    }
  } finally {
    if (target.unavailable === undefined && setupError === undefined) await target.teardown?.()
  }
  return suiteResult('handoff', target.name, options.nodes, { startedAt, started }, results)
}

function failedBySetup(target: HandoffTarget, property: HandoffProperty, error: string): PropertyResult {
  const claimed = claims(target, property.id)
  return {
    suite: 'handoff',
    property: property.id,
    title: property.title,
    claimed,
    informational: property.informational ?? false,
    status: claimed ? 'failed' : 'skipped',
    durationMs: 0,
    reason: claimed
      ? failureMessage('handoff', property.id, target.name, error)
      : handoffSkipReason(target, property.id)!,
    notes: [],
  }
}
