/** The one owner of a node's status: legal moves go through, anything else is an internal error. */
import { describe, expect, it } from 'vitest'
import { HarnessInternalError, NodeLifecycle } from '../../harness/manager/node-lifecycle.js'

describe('node lifecycle', () => {
  it('walks start → running → stopping → stopped, and restarts', () => {
    const life = new NodeLifecycle('n1')
    expect(life.status).toBe('starting')
    life.starting()
    life.running()
    life.stopping()
    life.exited('stopped')
    expect(life.status).toBe('stopped')
    life.starting()
    life.running()
    life.crashed()
    expect(life.status).toBe('crashed')
  })

  it('refuses a move a node cannot make, naming the node and both statuses', () => {
    const life = new NodeLifecycle('n1')
    expect(() => life.running()).toThrow(HarnessInternalError)
    life.starting()
    life.running()
    expect(() => life.exited('killed')).toThrow(/node n1 cannot go from running to killed/)
    life.crashed()
    expect(() => life.crashed()).toThrow(/from crashed to crashed/)
    expect(life.status).toBe('crashed')
  })

  it('a failed start is a crash, unless a stop interrupted it; two waits on one exit keep the first', () => {
    const life = new NodeLifecycle('n1')
    life.starting()
    life.startFailed()
    expect(life.status).toBe('crashed')
    life.starting()
    life.stopping()
    life.startFailed()
    expect(life.status).toBe('stopping')
    life.exited('stopped')
    life.exited('killed')
    expect(life.status).toBe('stopped')
  })
})
