/**
 * The main module of a child node. The manager forks it with an IPC channel (the control channel) and
 * its own stdout/stderr pipes (the log). Life of a node:
 *
 *   init (IPC, with the directory of round 0) → mesh listens on the node's address (init.host), port 0
 *   → boot modules' start(ctx), in order → `booted {port}` → links with the directory's peers (and with
 *   those of a later `directory`, when peers joined while it booted) → `ready {round}` → calls … →
 *   shutdown → onShutdown hooks, boot modules' stop() in reverse → `bye` to every peer → exit 0.
 *
 * A node never outlives its manager: it exits when the control channel closes (any way the parent dies,
 * SIGKILL included), and a parent-pid watchdog backs that up.
 */

import type { Directory, InitMessage, ManagerMessage, NodeMessage } from '../control-channel.js'
import { wireCounters } from '../mesh/frame.js'
import type { HeartbeatSettings } from '../mesh/heartbeat-settings.js'
import { Mesh } from '../mesh/mesh.js'
import type { PeerAddress } from '../mesh/peer-address.js'
import { serializeError } from '../mesh/serialized-error.js'
import type { BootModule } from '../node-api.js'
import { answerCall, importModule, runCast } from './call-dispatch.js'
import { installNode } from './node-runtime.js'

const parentPid = process.ppid
process.on('disconnect', () => process.exit(0))
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(0)
}, 250).unref()

function log(line: string): void {
  process.stdout.write(`[harness] ${line}\n`)
}

function toManager(msg: NodeMessage): void {
  if (process.connected) process.send?.(msg)
}

const shutdownHooks: Array<() => unknown> = []
const booted: BootModule[] = []
let mesh: Mesh | undefined
let init: InitMessage | undefined
/** Round 0's peers until the boot modules ran (then linked with); a peer that left meanwhile is dropped. */
let initPeers: PeerAddress[] | undefined
let shuttingDown = false

async function start(msg: InitMessage): Promise<void> {
  init = msg
  Object.assign(process.env, msg.env, { HANDOFF_NODE: msg.name })
  mesh = new Mesh({ cluster: msg.cluster, name: msg.name, secret: msg.secret }, msg.heartbeat, log, msg.host)
  installNode({ init: msg, mesh, shutdownHooks, log })
  // A node started during a partition is on its side of it from the first moment.
  if (msg.directory.blocked.length > 0) mesh.block(msg.directory.blocked)
  initPeers = msg.directory.peers
  let step = 'the mesh could not listen'
  try {
    const port = await mesh.listen()
    for (const specifier of msg.boot) {
      // The failure names the boot module and whether it failed to import or its start() threw.
      step = `boot module '${specifier}' could not be imported`
      const mod = (await importModule(specifier)) as BootModule
      booted.push(mod)
      step = `start() of boot module '${specifier}' threw`
      if (typeof mod.start === 'function')
        await mod.start({ name: msg.name, config: msg.config, ports: msg.ports })
    }
    toManager({ type: 'booted', port, pid: process.pid })
    linkWith({ peers: initPeers ?? [], blocked: [] }, 0)
    initPeers = undefined
  } catch (err) {
    const error = serializeError(err)
    error.message = `${step}: ${error.name}: ${error.message}`
    toManager({ type: 'boot-failed', error })
  }
}

/** A pooled process, idle before its start: two spare meshes link, answer one request and leave, so the
 * start does not pay the first use of that code — V8 compiles a function on its first call, and Node
 * loads `dns`, the TCP code and `cluster` on the first listen: ~5 ms of a ~14 ms warm start into an
 * empty cluster, ~10 ms with peers, on a slow VM. The spare meshes are on a cluster nobody else knows
 * and log nowhere; nothing of them stays. */
async function prewarm(host: string, heartbeat: HeartbeatSettings): Promise<void> {
  const spare = (name: string): Mesh =>
    new Mesh({ cluster: '(prewarm)', name, secret: '(prewarm)' }, heartbeat, () => {}, host)
  const [a, b] = [spare('(prewarm a)'), spare('(prewarm b)')]
  try {
    await a.listen()
    const port = await b.listen()
    b.handle('echo', (msg) => msg)
    a.addPeer({ name: '(prewarm b)', host, port })
    await a.whenConnected(['(prewarm b)'], 5000)
    await a.request('(prewarm b)', 'echo', { warm: true }, 5000)
    a.removePeer('(prewarm b)')
  } catch {
    // Only a warm-up: the start is colder, nothing else.
  }
  // Always stopped (servers, timers), and a failure to stop them must not end the idle process.
  await Promise.all([a.leave(), b.leave()]).catch(() => {})
  // What the spare meshes sent is not this node's traffic (the bench reads these counters).
  wireCounters.frames = 0
  wireCounters.bytes = 0
  toManager({ type: 'prewarmed' })
}

async function runStep(what: string, step: () => unknown): Promise<void> {
  try {
    await step()
  } catch (err) {
    log(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  }
}

async function shutdown(): Promise<void> {
  if (shuttingDown) return
  shuttingDown = true
  for (const hook of [...shutdownHooks].reverse()) await runStep('an onShutdown hook', hook)
  for (const mod of [...booted].reverse()) {
    if (typeof mod.stop === 'function') await runStep('a boot module stop()', () => mod.stop?.())
  }
  await mesh?.leave()
  toManager({ type: 'shutdown-done' })
  process.exit(0)
}

async function acknowledge(id: number, work: () => Promise<void> | void): Promise<void> {
  await runStep('a control request', work)
  toManager({ type: 'ack', id })
}

/** Links with the directory's peers; tells the manager `ready` (of this round) once linked to each, and
 * how far it got meanwhile (at most every 500 ms): a start of 64 nodes on a starved machine is slow but
 * moving. */
function linkWith(directory: Directory, round: number): void {
  if (mesh === undefined) return
  if (directory.blocked.length > 0) mesh.block(directory.blocked)
  mesh.setDirectory(directory.peers)
  const peers = directory.peers.map((p) => p.name)
  const current = mesh
  let lastReport = performance.now()
  const offUp = current.onUp(() => {
    const now = performance.now()
    if (now - lastReport < 500) return
    lastReport = now
    toManager({ type: 'start-progress', linked: current.peers().length })
  })
  current.whenConnected(peers, 600_000 * (init?.timeFactor ?? 1)).then(
    () => {
      offUp()
      toManager({ type: 'ready', round })
    },
    (err: Error) => {
      offUp()
      log(`mesh: ${err.message}`)
    },
  )
}

function onMessage(msg: ManagerMessage): void {
  switch (msg.type) {
    case 'prewarm':
      void prewarm(msg.host, msg.heartbeat)
      return
    case 'init':
      void start(msg)
      return
    case 'directory':
      linkWith(msg, msg.round)
      return
    case 'peer-joined':
      mesh?.addPeer(msg.peer)
      return
    case 'peer-left':
      initPeers = initPeers?.filter((p) => p.name !== msg.name)
      mesh?.removePeer(msg.name)
      return
    case 'call':
      answerCall(msg, init?.name ?? '?', toManager)
      return
    case 'cast':
      runCast(msg, init?.name ?? '?', log)
      return
    case 'block':
      void acknowledge(msg.id, () => mesh?.block(msg.peers))
      return
    case 'unblock':
      void acknowledge(msg.id, async () => {
        mesh?.unblock(msg.peers)
        await mesh?.whenConnected(msg.waitFor, 10_000 * (init?.timeFactor ?? 1))
      })
      return
    case 'fault':
      void acknowledge(msg.id, () => mesh?.setFault(msg.peer, msg.fault))
      return
    case 'shutdown':
      void shutdown()
      return
  }
}

process.on('message', (msg) => onMessage(msg as ManagerMessage))
