/**
 * The programmatic runner every suite shares (no vitest needed). A suite is a list of properties — plain
 * async functions over a context that throw when the target breaks them — and a way to build that
 * context. `runProperty` runs one property on a fresh cluster and rejects with `PropertyFailedError`
 * (message: `<suite> property '<id>' failed for <target>: ...`) when the target breaks it; `runSuite`
 * runs the target's setup, every selected property in order, its teardown, and collects the results.
 */
import {
  failureMessage,
  type ProgressEvent,
  PropertyFailedError,
  type PropertyResult,
  type SuiteName,
  type SuiteResult,
  suiteResult,
} from './result.js'
import type { ContextOptions, SuiteContext } from './suite-context.js'
import { claims, type SuiteTarget, skipReason } from './suite-target.js'

export interface SuiteProperty<Id extends string, Ctx> {
  readonly id: Id
  /** What holds, in one line. */
  readonly title: string
  /** Reports a measurement rather than a guarantee: it fails only when the run itself breaks. */
  readonly informational?: boolean
  run(ctx: Ctx): Promise<void>
}

/** A suite: its properties, in the order they run, and how a property gets its context. */
export interface SuiteDefinition<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext> {
  readonly suite: SuiteName
  readonly properties: readonly SuiteProperty<Id, Ctx>[]
  createContext(target: T, id: Id, options: ContextOptions): Promise<Ctx>
}

export interface SuiteRunOptions<Id extends string> extends ContextOptions {
  /** Only these properties (default: all). Others are left out of the results. */
  only?: readonly Id[]
  /** Called when a property starts and when it ends. */
  onProgress?: (event: ProgressEvent) => void
}

export function findProperty<Id extends string, Ctx>(
  suite: SuiteName,
  properties: readonly SuiteProperty<Id, Ctx>[],
  id: Id,
): SuiteProperty<Id, Ctx> {
  const found = properties.find((p) => p.id === id)
  if (found === undefined) {
    const known = properties.map((p) => p.id).join(', ')
    throw new RangeError(`no ${suite} property '${id}'; known: ${known}`)
  }
  return found
}

/**
 * Runs one property. Resolves with a `passed` or `skipped` result; rejects with `PropertyFailedError`
 * when the target breaks it. Does not run the target's setup/teardown (the suite does).
 */
export async function runProperty<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  id: Id,
  options: ContextOptions = {},
): Promise<PropertyResult> {
  const property = findProperty(def.suite, def.properties, id)
  const base = resultBase(def.suite, target, property)
  const skip = skipReason(target, id)
  if (skip !== undefined) return { ...base, status: 'skipped', durationMs: 0, reason: skip, notes: [] }
  const started = performance.now()
  let ctx: Ctx | undefined
  try {
    ctx = await def.createContext(target, id, options)
    await property.run(ctx)
    return { ...base, status: 'passed', durationMs: performance.now() - started, notes: [...ctx.notes] }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    const result: PropertyResult = {
      ...base,
      status: 'failed',
      durationMs: performance.now() - started,
      reason: failureMessage(def.suite, id, target.name, detail),
      notes: [...(ctx?.notes ?? [])],
      ...(ctx === undefined ? {} : { diagnostics: ctx.diagnostics() }),
    }
    throw new PropertyFailedError(result)
  } finally {
    await ctx?.[Symbol.asyncDispose]()
  }
}

/** Runs the target's setup, every (selected) property, its teardown; never rejects for a failed property. */
export async function runSuite<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  options: SuiteRunOptions<Id> = {},
): Promise<SuiteResult> {
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const selected = def.properties.filter((p) => options.only === undefined || options.only.includes(p.id))
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
      const { suite } = def
      options.onProgress?.({
        type: 'start',
        suite,
        property: property.id,
        title: property.title,
        index,
        total,
      })
      const result =
        setupError === undefined
          ? await runProperty(def, target, property.id, options).catch((err: unknown) => {
              if (err instanceof PropertyFailedError) return err.result
              throw err
            })
          : failedBySetup(def.suite, target, property, setupError)
      results.push(result)
      options.onProgress?.({ type: 'end', result, index, total })
    }
  } finally {
    if (target.unavailable === undefined && setupError === undefined) await target.teardown?.()
  }
  return suiteResult(def.suite, target.name, options.nodes, { startedAt, started }, results)
}

function resultBase<Id extends string>(
  suite: SuiteName,
  target: SuiteTarget<Id>,
  property: SuiteProperty<Id, unknown>,
) {
  return {
    suite,
    property: property.id,
    title: property.title,
    claimed: claims(target, property.id),
    informational: property.informational ?? false,
  }
}

function failedBySetup<Id extends string>(
  suite: SuiteName,
  target: SuiteTarget<Id>,
  property: SuiteProperty<Id, unknown>,
  error: string,
): PropertyResult {
  const base = resultBase(suite, target, property)
  return {
    ...base,
    status: base.claimed ? 'failed' : 'skipped',
    durationMs: 0,
    reason: base.claimed
      ? failureMessage(suite, property.id, target.name, error)
      : skipReason(target, property.id)!,
    notes: [],
  }
}
