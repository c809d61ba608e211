/** The players' verdict on hand-made histories (pure: suites/players/verdict.ts). */
import { type ActionRecord, checkPlayers, formatPlayerVerdict } from 'handoff-harness/suites'
import { describe, expect, test } from 'vitest'

function action(player: string, seq: number, ackedAt: number | undefined, session = 'n1'): ActionRecord {
  return {
    player,
    game: 'g',
    seq,
    firstSentAt: seq * 100,
    ackedAt,
    fresh: ackedAt === undefined ? undefined : true,
    session: ackedAt === undefined ? undefined : session,
    attempts: [],
  }
}

describe('checkPlayers', () => {
  test('every acknowledged action in the final state: nothing lost, accounted', () => {
    const history = { startedAt: 0, stoppedAt: 1000, actions: [action('p', 1, 110), action('p', 2, 250)] }
    const v = checkPlayers(history, { g: { p: [[1, 2]] } })
    expect(v).toMatchObject({ acknowledged: 2, lost: 0, appliedTwice: 0, orderBroken: 0, accounted: true })
    expect(v.unavailability.perPlayer.quantiles['1']).toBe(50)
  })

  test('acknowledged actions missing from the state are lost and named; overlaps are applied twice', () => {
    const history = {
      startedAt: 0,
      stoppedAt: 1000,
      actions: [
        action('p', 1, 110),
        action('p', 2, 210, 'dead'),
        action('p', 3, 310),
        action('p', 4, undefined),
      ],
    }
    const v = checkPlayers(history, {
      g: {
        p: [
          [1, 1],
          [1, 1],
          [3, 3],
        ],
      },
    })
    expect(v.lost).toBe(1)
    expect(v.sessions[0]!.lost).toEqual([{ player: 'p', seq: 2, ackedAt: 210, session: 'dead' }])
    expect(v.appliedTwice).toBe(1)
    expect(v.orderBroken).toBe(1)
    expect(v.inFlight).toBe(1)
    expect(v.accounted).toBe(true)
    // The action in flight at the end counts as unavailability until the stop.
    expect(v.unavailability.perPlayer.quantiles['1']).toBe(600)
    expect(formatPlayerVerdict(v)).toMatch(/g: lost p#2; applied twice p#1×2; order broken/)
  })

  test('a session missing at the end loses every acknowledged action, and says so', () => {
    const history = { startedAt: 0, stoppedAt: 1000, actions: [action('p', 1, 110)] }
    const v = checkPlayers(history, { g: undefined })
    expect(v).toMatchObject({ missingSessions: 1, lost: 1, accounted: true })
  })

  test('an applied number the player never sent is a phantom', () => {
    const history = { startedAt: 0, stoppedAt: 1000, actions: [action('p', 1, 110)] }
    expect(checkPlayers(history, { g: { p: [[1, 5]] } }).phantom).toBe(4)
  })
})
