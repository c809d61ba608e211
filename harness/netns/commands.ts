/**
 * Running iproute2 (`ip`, `tc`) for the netns network, and finding out up front whether it can run at
 * all. Every command is an argument vector (no shell); a batch goes to `-batch -` on stdin so that a
 * node's set-up costs a few process starts, not one per line.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { HarnessError } from '../errors.js'

/** The netns network cannot be used here; the message says what is missing and what to do. */
export class NetnsUnavailableError extends HarnessError {
  override name = 'NetnsUnavailableError'
  constructor(
    readonly missing: string,
    fn = 'Cluster.start',
  ) {
    super(
      `${fn}({ network: 'netns' }) cannot run here: ${missing}. ` +
        `Run as root on Linux with iproute2 installed (ip, tc), or use network: 'loopback'.`,
      undefined,
      fn,
    )
  }
}

/** A command of ours failed: the netns network is in an unexpected state. */
export class NetnsCommandError extends HarnessError {
  override name = 'NetnsCommandError'
  constructor(
    readonly command: string,
    readonly stderr: string,
    fn: string,
  ) {
    super(`${fn}: '${command}' failed: ${stderr.trim() || '(no output)'}`, undefined, fn)
  }
}

const SEARCH = ['/usr/sbin', '/sbin', '/usr/bin', '/bin']

function locate(tool: string): string | undefined {
  for (const dir of SEARCH) if (existsSync(`${dir}/${tool}`)) return `${dir}/${tool}`
  return undefined
}

export interface Tools {
  ip: string
  tc: string
}

let cached: Tools | NetnsUnavailableError | undefined

/** The tools, or the reason the netns network cannot run (computed once). */
export function netnsTools(): Tools | NetnsUnavailableError {
  cached ??= probe()
  return cached
}

/** Why `network: 'netns'` cannot run on this machine (not root, no iproute2, not Linux), or undefined
 * when it can: for `describe.skipIf(netnsUnavailableReason() !== undefined)` in a user's own tests. */
export function netnsUnavailableReason(): string | undefined {
  const tools = netnsTools()
  return tools instanceof NetnsUnavailableError ? tools.missing : undefined
}

function probe(): Tools | NetnsUnavailableError {
  if (process.platform !== 'linux')
    return new NetnsUnavailableError(`network namespaces need Linux (this is ${process.platform})`)
  if (process.getuid?.() !== 0)
    return new NetnsUnavailableError('creating network namespaces needs root (uid 0)')
  const ip = locate('ip')
  const tc = locate('tc')
  if (ip === undefined || tc === undefined)
    return new NetnsUnavailableError(
      `iproute2 is not installed (no ${ip === undefined ? 'ip' : 'tc'} in ${SEARCH.join(', ')})`,
    )
  try {
    execFileSync(ip, ['netns', 'list'], { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (err) {
    return new NetnsUnavailableError(`'ip netns list' failed: ${(err as Error).message}`)
  }
  return { ip, tc }
}

export function run(file: string, args: string[], fn: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new NetnsCommandError([file, ...args].join(' '), stderr || err.message, fn))
      else resolve(stdout)
    })
    if (input !== undefined) child.stdin?.end(input)
  })
}

/** Runs `lines` through `<tool> [-n ns] -batch -`. */
export function batch(file: string, ns: string | undefined, lines: string[], fn: string): Promise<string> {
  const args = [...(ns === undefined ? [] : ['-n', ns]), '-batch', '-']
  return run(file, args, fn, `${lines.join('\n')}\n`)
}
