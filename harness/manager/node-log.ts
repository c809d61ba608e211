/**
 * One node's log: its stdout and stderr, split into lines, prefixed with the node name, kept in memory
 * (bounded) and appended to `<logDir>/<name>.log`. It outlives restarts, so a log shows every incarnation.
 * `HANDOFF_LOGS=inherit` also streams the lines to the test process's stderr as they come.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { dirname } from 'node:path'
import type { Readable } from 'node:stream'

const MAX_LINES_IN_MEMORY = 20_000

export class NodeLog {
  private readonly lines: string[] = []
  private readonly file: WriteStream
  private readonly inherit = process.env.HANDOFF_LOGS === 'inherit'
  private readonly lineListeners = new Set<(line: string) => void>()

  constructor(
    readonly name: string,
    readonly path: string,
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.file = createWriteStream(path, { flags: 'a' })
    this.file.on('error', () => {})
  }

  /** Reads a stream to its end; resolves when it has ended. */
  attach(stream: Readable | null, label: 'out' | 'err'): Promise<void> {
    if (stream === null) return Promise.resolve()
    let partial = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const part of parts) this.add(part, label)
    })
    return new Promise((resolve) => {
      const done = (): void => {
        if (partial !== '') this.add(partial, label)
        partial = ''
        resolve()
      }
      stream.once('end', done)
      stream.once('close', done)
      stream.once('error', done)
    })
  }

  /** A line from the manager itself (start, stop, exit), so the log tells the whole story. */
  note(text: string): void {
    this.add(`--- ${text} ---`, 'out')
  }

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener)
    return () => this.lineListeners.delete(listener)
  }

  text(): string {
    return this.lines.join('\n')
  }

  tail(count = 40): string {
    return this.lines.slice(-count).join('\n')
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(() => resolve()))
  }

  private add(text: string, label: 'out' | 'err'): void {
    const line = `[${this.name}]${label === 'err' ? '!' : ''} ${text}`
    this.lines.push(line)
    if (this.lines.length > MAX_LINES_IN_MEMORY) this.lines.splice(0, this.lines.length - MAX_LINES_IN_MEMORY)
    this.file.write(`${line}\n`)
    if (this.inherit) process.stderr.write(`${line}\n`)
    for (const listener of this.lineListeners) listener(text)
  }
}
