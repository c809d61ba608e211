/** Test-only remote functions: echo, throw, hang, exit, and a view of the mesh from inside a node. */
import { node } from 'handoff-harness/node'

export function echo<T>(value: T): T {
  return value
}

export function whoami(): {
  name: string
  pid: number
  config: Readonly<Record<string, unknown>>
  ports: Readonly<Record<string, number>>
} {
  return { name: node.name, pid: process.pid, config: node.config, ports: node.ports }
}

export function peers(): string[] {
  return node.peers().sort()
}

export function fail(message: string): never {
  throw new TypeError(message)
}

export function hang(): Promise<never> {
  return new Promise(() => {})
}

export function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 20)
}

export function returnsFunction(): () => void {
  return () => {}
}

export function print(line: string): void {
  console.log(line)
  console.error(`err: ${line}`)
}

export function getEnv(key: string): string | undefined {
  return process.env[key]
}
