/**
 * Every failure a test can meet has its own class. Messages name the node and the function and say what
 * to do next; the fields carry the same facts for code.
 */
import type { SerializedError } from './mesh/serialized-error.js'

export abstract class HarnessError extends Error {
  constructor(
    message: string,
    readonly node: string | undefined,
    readonly fn: string | undefined,
  ) {
    super(message)
  }
}

function tailBlock(tail: string): string {
  return tail.trim() === ''
    ? '\n  (the node wrote nothing to its log)'
    : `\n--- last log lines ---\n${tail.trimEnd()}`
}

export class NodeStartError extends HarnessError {
  override name = 'NodeStartError'
  constructor(
    node: string,
    readonly reason: string,
    readonly logTail: string,
  ) {
    super(`node ${node} did not start: ${reason}${tailBlock(logTail)}`, node, undefined)
  }
}

export class NodeDownError extends HarnessError {
  override name = 'NodeDownError'
  constructor(
    node: string,
    fn: string | undefined,
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly logTail: string,
    readonly how = 'died',
  ) {
    const ended = signal !== null ? `signal ${signal}` : `exit code ${String(exitCode)}`
    const during = fn === undefined ? '' : ` during a call to ${fn}`
    super(
      `node ${node} ${how}${during} (${ended}); start it again with startNode/restartNode${tailBlock(logTail)}`,
      node,
      fn,
    )
  }
}

export class RemoteCallError extends HarnessError {
  override name = 'RemoteCallError'
  readonly remoteName: string
  readonly remoteMessage: string
  readonly remoteStack: string | undefined
  constructor(node: string, fn: string, remote: SerializedError) {
    super(`${fn} threw on node ${node}: ${remote.name}: ${remote.message}`, node, fn)
    this.remoteName = remote.name
    this.remoteMessage = remote.message
    this.remoteStack = remote.stack
    if (remote.stack !== undefined)
      this.stack = `${this.stack}\n--- remote stack on ${node} ---\n${remote.stack}`
  }
}

/** The module was imported in the node but has no such function export. */
export class UnknownExportError extends HarnessError {
  override name = 'UnknownExportError'
  constructor(
    node: string,
    fn: string,
    message: string,
    readonly availableExports: string[] | undefined,
  ) {
    super(`call to ${fn} on node ${node} failed: ${message}`, node, fn)
  }
}

/** A path shown as a path: `file:` URLs (what relative specifiers become) are easier to read that way. */
function displaySpecifier(specifier: string): string {
  return specifier.startsWith('file://') ? decodeURIComponent(new URL(specifier).pathname) : specifier
}

/** The node could not import the module of the function called (not found, a syntax error, it threw
 * while loading, or a `.ts` module without tsx). The cause is the import error as the node saw it. */
export class ModuleImportError extends HarnessError {
  override name = 'ModuleImportError'
  readonly causeName: string
  readonly causeMessage: string
  constructor(
    node: string,
    fn: string,
    readonly module: string,
    cause: SerializedError,
  ) {
    super(
      `call to ${fn} on node ${node} failed: the node could not import '${displaySpecifier(module)}' ` +
        `(${cause.name}: ${cause.message}); check the specifier: relative paths are resolved from the file ` +
        `that called remote(), package names from your project's node_modules, and a .ts module needs ` +
        `the 'tsx' package installed`,
      node,
      fn,
    )
    this.causeName = cause.name
    this.causeMessage = cause.message
    this.cause = cause
  }
}

/** An argument (or a result) cannot be structured-cloned; nothing was sent. */
export class NotCloneableError extends HarnessError {
  override name = 'NotCloneableError'
  constructor(node: string, fn: string, what: 'argument' | 'result', detail: string) {
    const advice =
      what === 'argument'
        ? 'pass plain data (objects, arrays, Map, Set, Date, BigInt…), not functions, class instances with methods, or sockets'
        : 'return plain data from the remote function'
    super(`${what} of ${fn} for node ${node} is not structured-cloneable (${detail}); ${advice}`, node, fn)
  }
}

export class CallTimeoutError extends HarnessError {
  override name = 'CallTimeoutError'
  constructor(
    node: string,
    fn: string,
    readonly timeoutMs: number,
  ) {
    super(
      `${fn} on node ${node} did not answer within ${timeoutMs} ms (is it paused, blocked or waiting forever?); ` +
        `raise { timeoutMs } or HANDOFF_TIME_FACTOR if it is just slow`,
      node,
      fn,
    )
  }
}

export class WaitTimeoutError extends HarnessError {
  override name = 'WaitTimeoutError'
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
    message: string | undefined,
  ) {
    const last =
      lastError === undefined
        ? 'the probe kept returning false'
        : `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
    super(
      `${message ?? 'condition'} did not hold after ${attempts} attempts in ${Math.round(elapsedMs)} ms; ${last}`,
      undefined,
      undefined,
    )
    if (lastError instanceof Error) this.cause = lastError
  }
}

export class UnknownNodeError extends HarnessError {
  override name = 'UnknownNodeError'
  constructor(
    node: string,
    readonly cluster: string,
    readonly known: string[],
  ) {
    super(
      `cluster ${cluster} has no node named '${node}' (known: ${known.join(', ') || 'none'})`,
      node,
      undefined,
    )
  }
}

/** The node exists but is not running (stopped, killed or crashed earlier). */
export class NodeNotRunningError extends HarnessError {
  override name = 'NodeNotRunningError'
  constructor(node: string, fn: string | undefined, status: string) {
    super(`node ${node} is ${status}${fn ? `, cannot call ${fn}` : ''}; start it with restartNode`, node, fn)
  }
}
