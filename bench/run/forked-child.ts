/**
 * A bare child for the bench's floors: `fork` of a compiled bench node module with no flags
 * (`execArgv: []`) and advanced serialization, as the harness's nodes use. It is ready when its first
 * IPC message arrives; it is stopped with SIGKILL (it holds no state worth a graceful stop).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { benchNodeModule } from './module-path.js'

/** Forks `dist/bench/nodes/<name>.js` and resolves once it sent its first message. */
export async function forkUntilFirstMessage(name: string): Promise<ChildProcess> {
  const child = fork(fileURLToPath(benchNodeModule(name)), [], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) =>
        reject(new Error(`bench child ${name} exited during start (code ${code})`)),
      )
    })
  } catch (err) {
    await killChild(child)
    throw err
  }
  return child
}

/** SIGKILL, resolved once the child has exited. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGKILL')
  await exited
}
