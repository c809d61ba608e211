/** The supervisor's pure decision parts: what to restart, take over or move; restart intensity. */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { ChildSpec } from '../../fixtures/supervisor/child-spec.js'
import { placementKey } from '../../fixtures/supervisor/child-spec.js'
import { Departures } from '../../fixtures/supervisor/departures.js'
import { HashRing } from '../../fixtures/supervisor/hash-ring.js'
import type { ChildRecord } from '../../fixtures/supervisor/protocol.js'
import { type PlanInput, reconcilePlan } from '../../fixtures/supervisor/reconcile-plan.js'
import { RestartIntensity } from '../../fixtures/supervisor/restart-intensity.js'

const spec = (name: string): ChildSpec => ({ start: { module: 'm', fn: 'f', args: [name] } })
const record = (name: string, owner: string): ChildRecord => ({
  id: `id-${name}`,
  spec: spec(name),
  owner,
  pid: { node: owner, id: 'x.1' },
})

function input(over: Partial<PlanInput>): PlanInput {
  return {
    self: 'b',
    view: { alive: ['b', 'c'] },
    connected: new Set(['c']),
    records: [],
    isLocal: () => false,
    movable: [],
    redistribution: 'passive',
    waitFor: () => 0,
    ...over,
  }
}

describe('reconcile plan', () => {
  test('after a member dies, every survivor takes over exactly the children that now hash to it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 40 }), (names) => {
        const records = names.map((n) => record(n, 'a'))
        const ring = new HashRing(['b', 'c'])
        const takenBy = (self: string) =>
          reconcilePlan(
            input({ self, connected: new Set(['b', 'c'].filter((n) => n !== self)), records }),
          ).takeOver.map((r) => r.id)
        const byB = takenBy('b')
        const byC = takenBy('c')
        expect([...byB, ...byC].sort()).toEqual(records.map((r) => r.id).sort())
        for (const r of records) {
          expect(byB.includes(r.id)).toBe(ring.owner(placementKey(r.spec)) === 'b')
        }
      }),
    )
  })

  test('a member that is leaving but still connected keeps its children (it hands them over itself)', () => {
    const plan = reconcilePlan(
      input({
        view: { alive: ['b'], shuttingDown: ['a'] },
        connected: new Set(['a']),
        records: [record('x', 'a')],
      }),
    )
    expect(plan.takeOver).toEqual([])
  })

  test('children of an owner still waited for are not taken over; the plan says when to look again', () => {
    const records = ['p', 'q', 'r', 's'].map((n) => record(n, 'a'))
    const plan = reconcilePlan(input({ self: 'b', view: { alive: ['b'] }, records, waitFor: () => 1500 }))
    expect(plan.takeOver).toEqual([])
    expect(plan.retryInMs).toBe(1500)
    const now = reconcilePlan(input({ self: 'b', view: { alive: ['b'] }, records }))
    expect(now.takeOver.map((r) => r.id).sort()).toEqual(records.map((r) => r.id))
    expect(now.retryInMs).toBeUndefined()
  })

  test('departures: a member that vanished mid-leave, without bye, is waited for; a crash is not', () => {
    const d = new Departures(1000, -5000)
    d.nodeDown('crashed', 'disconnect', 0)
    expect(d.waitFor('crashed', false, 10)).toBe(0) // never seen leaving: a crash, taken over at once
    d.nodeDown('forced', 'disconnect', 0)
    expect(d.waitFor('forced', true, 400)).toBe(600) // vanished mid-hand-over: wait the grace out
    expect(d.waitFor('forced', true, 1000)).toBe(0)
    d.nodeDown('left', 'shutdown', 0)
    expect(d.waitFor('left', true, 1)).toBe(0) // said bye: its hand-over is over
  })

  test('departures: a member that just started takes over only owners it saw go down, at first', () => {
    const d = new Departures(1000, 0)
    expect(d.waitFor('left-before-we-joined', false, 500)).toBe(1500)
    expect(d.waitFor('left-before-we-joined', true, 2000)).toBe(0)
    d.nodeDown('seen', 'disconnect', 100)
    expect(d.waitFor('seen', false, 200)).toBe(0)
  })

  test('own records that do not run here are restarted; running ones are left alone', () => {
    const mine = [record('p', 'b'), record('q', 'b')]
    const plan = reconcilePlan(input({ records: mine, isLocal: (id) => id === 'id-p' }))
    expect(plan.restart.map((r) => r.id)).toEqual(['id-q'])
  })

  test('active redistribution moves local children whose owner changed; passive moves nothing', () => {
    const names = Array.from({ length: 30 }, (_, i) => `w${i}`)
    const movable = names.map((n) => ({ id: n, spec: spec(n) }))
    const ring = new HashRing(['b', 'c'])
    const active = reconcilePlan(input({ movable, redistribution: 'active' }))
    expect(active.move).toEqual(
      names.filter((n) => ring.owner(placementKey(spec(n))) === 'c').map((n) => ({ id: n, to: 'c' })),
    )
    expect(active.move.length).toBeGreaterThan(0)
    expect(reconcilePlan(input({ movable })).move).toEqual([])
  })
})

describe('restart intensity', () => {
  test('allows maxRestarts within the window, then refuses until old restarts age out', () => {
    const r = new RestartIntensity(3, 5)
    expect([r.allow(0), r.allow(1000), r.allow(2000), r.allow(3000)]).toEqual([true, true, true, false])
    expect(r.allow(5001)).toBe(true)
  })
})
