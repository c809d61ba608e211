/**
 * The programmatic runner every suite shares (no vitest needed). A suite is a list of properties — plain
 * async functions over a context that throw when the target breaks them — and a way to build that
 * context. `runProperty` runs one property on a fresh cluster and rejects with `PropertyFailedError`
 * (message: `<suite> property '<id>' failed for <target>: ...`) when the target breaks it; `runSuite`
 * runs the target's setup, every selected property in order, its teardown, and collects the results.
 */
import { withModuleClaims } from './module-claims.js'
import { describeCrash } from './node-watch.js'
import {
  errorMessage,
  failureMessage,
  type ProgressEvent,
  PropertyFailedError,
  type PropertyResult,
  PropertySetupError,
  type SuiteName,
  type SuiteResult,
  suiteResult,
} from './result.js'
import { type ContextOptions, type SuiteContext, TargetSetupError } from './suite-context.js'
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
 * Runs one property. Resolves with a `pass` or `skipped` result; rejects with `PropertyFailedError` when
 * the target breaks it (a node it started exited without being asked counts, whatever else held) and
 * with `PropertySetupError` when the target could not be set up (a node did not boot, its module does
 * not load). A target without capabilities claims what its module's `capabilities` export says. Does
 * not run the target's setup/teardown (the suite does).
 */
export async function runProperty<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  id: Id,
  options: ContextOptions = {},
): Promise<PropertyResult> {
  const property = findProperty(def.suite, def.properties, id)
  let claimed: T
  try {
    claimed = await claimsOf(def, target, options)
  } catch (err) {
    throw new PropertySetupError(errored(def.suite, target, property, err, 0))
  }
  return runClaimed(def, claimed, property, options)
}

/** The target with its module's claims read in (see module-claims). */
export function claimsOf<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  options: ContextOptions = {},
): Promise<T> {
  return withModuleClaims(
    def.properties.map((p) => p.id),
    target,
    options,
  )
}

async function runClaimed<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  property: SuiteProperty<Id, Ctx>,
  options: ContextOptions,
): Promise<PropertyResult> {
  const base = resultBase(def.suite, target, property)
  const skip = skipReason(target, property.id)
  if (skip !== undefined) return { ...base, status: 'skipped', durationMs: 0, reason: skip, notes: [] }
  const started = performance.now()
  let ctx: Ctx
  try {
    ctx = await def.createContext(target, property.id, options)
  } catch (err) {
    throw new PropertySetupError(errored(def.suite, target, property, err, performance.now() - started))
  }
  try {
    // The property's own verdict, or the first node that exited on its own, whichever comes first.
    const ran = await Promise.race([
      property.run(ctx).then(
        () => ({ ok: true as const }),
        (err: unknown) => ({ ok: false as const, err }),
      ),
      ctx.watch.crashed.then(() => ({ ok: false as const, err: undefined })),
    ])
    const crashes = await ctx.watch.confirm(2000 * ctx.cluster.timeFactor)
    const done = { ...base, durationMs: performance.now() - started, notes: [...ctx.notes] }
    if (crashes.length > 0) {
      // Whatever the property concluded, its verdict is the crash; its own error is one line of context.
      const also =
        ran.ok || ran.err === undefined
          ? ''
          : `\n(the property itself then reported: ${text(ran.err).split('\n')[0]})`
      const detail = crashes.map(describeCrash).join('\n') + also
      const reason = failureMessage(def.suite, property.id, target.name, detail)
      throw new PropertyFailedError({ ...done, status: 'fail', reason, diagnostics: ctx.diagnostics() })
    }
    if (ran.ok) return { ...done, status: 'pass' }
    const setup = ctx.setupError ?? (ran.err instanceof TargetSetupError ? ran.err : undefined)
    if (setup !== undefined) {
      const reason = errorMessage(def.suite, property.id, target.name, setup.message)
      throw new PropertySetupError({ ...done, status: 'error', reason, diagnostics: ctx.diagnostics() })
    }
    const reason = failureMessage(def.suite, property.id, target.name, text(ran.err))
    throw new PropertyFailedError({ ...done, status: 'fail', reason, diagnostics: ctx.diagnostics() })
  } finally {
    await ctx[Symbol.asyncDispose]()
  }
}

/** Runs the target's setup, every (selected) property, its teardown; never rejects for a property that
 * failed or errored. */
export async function runSuite<Id extends string, T extends SuiteTarget<Id>, Ctx extends SuiteContext>(
  def: SuiteDefinition<Id, T, Ctx>,
  target: T,
  options: SuiteRunOptions<Id> = {},
): Promise<SuiteResult> {
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const selected = def.properties.filter((p) => options.only === undefined || options.only.includes(p.id))
  const results: PropertyResult[] = []
  let setupError: unknown
  let set = false
  let claimed = target
  if (target.unavailable === undefined) {
    try {
      await target.setup?.()
      set = true
      claimed = await claimsOf(def, target, options)
    } catch (err) {
      setupError = set ? err : new TargetSetupError(`setup of ${target.name} failed: ${text(err)}`)
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
          ? await runClaimed(def, claimed, property, options).catch((err: unknown) => {
              if (err instanceof PropertyFailedError || err instanceof PropertySetupError) return err.result
              throw err
            })
          : notRunBySetup(def.suite, target, property, setupError)
      results.push(result)
      options.onProgress?.({ type: 'end', result, index, total })
    }
  } finally {
    if (target.unavailable === undefined && set) await target.teardown?.()
  }
  return suiteResult(def.suite, target.name, options.nodes, { startedAt, started }, results)
}

const text = (err: unknown): string => (err instanceof Error ? err.message : String(err))

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

/** An `error` result: the property could not run because the target could not be set up. */
function errored<Id extends string>(
  suite: SuiteName,
  target: SuiteTarget<Id>,
  property: SuiteProperty<Id, unknown>,
  err: unknown,
  durationMs: number,
): PropertyResult {
  const base = resultBase(suite, target, property)
  return {
    ...base,
    status: 'error',
    durationMs,
    reason: errorMessage(suite, property.id, target.name, text(err)),
    notes: [],
  }
}

/** The suite's setup (or reading the module's claims) failed: claimed properties error, others skip. */
function notRunBySetup<Id extends string>(
  suite: SuiteName,
  target: SuiteTarget<Id>,
  property: SuiteProperty<Id, unknown>,
  err: unknown,
): PropertyResult {
  const reason = skipReason(target, property.id)
  if (reason !== undefined)
    return { ...resultBase(suite, target, property), status: 'skipped', durationMs: 0, reason, notes: [] }
  return errored(suite, target, property, err, 0)
}
