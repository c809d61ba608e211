/**
 * Ports of Horde's distribution property tests (uniform_distribution_test.exs,
 * uniform_quorum_distribution_test.exs, uniform_random_distribution_test.exs) onto our pure placement
 * functions, with fast-check in place of StreamData. A Horde member `%{status, name}` becomes a view:
 * `alive` members, `shuttingDown` ones, and (quorum) the static `members`; dead ones are in neither.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { type ClusterView, place, placeRandom } from '../../fixtures/supervisor/distribution.js'

type Status = 'alive' | 'dead' | 'shutting_down'
const membersArb = (minLength: number) =>
  fc.uniqueArray(
    fc.record({
      name: fc.string({ minLength: 1 }).map((s) => `A${s}`),
      status: fc.constantFrom<Status>('alive', 'dead', 'shutting_down'),
    }),
    { minLength, maxLength: 12, selector: (m) => m.name },
  )

function viewOf(members: Array<{ name: string; status: Status }>, quorum: boolean): ClusterView {
  const view: ClusterView = {
    alive: members.filter((m) => m.status === 'alive').map((m) => m.name),
    shuttingDown: members.filter((m) => m.status === 'shutting_down').map((m) => m.name),
  }
  if (quorum) view.members = members.map((m) => m.name)
  return view
}

describe('Horde UniformDistribution', () => {
  test('chooses one of the members', () => {
    fc.assert(
      fc.property(membersArb(1), fc.string(), (members, identifier) => {
        fc.pre(members.some((m) => m.status === 'alive'))
        const choice = place(identifier, viewOf(members, false))
        expect(choice.ok).toBe(true)
        if (choice.ok) expect(members.find((m) => m.name === choice.owner)?.status).toBe('alive')
      }),
    )
  })

  test('returns error if no alive nodes are available', () => {
    fc.assert(
      fc.property(membersArb(0), fc.string(), (members, identifier) => {
        const noneAlive = members.map((m) => (m.status === 'alive' ? { ...m, status: 'dead' as const } : m))
        expect(place(identifier, viewOf(noneAlive, false))).toEqual({ ok: false, error: 'no_alive_nodes' })
      }),
    )
  })
})

describe('Horde UniformQuorumDistribution', () => {
  test('chooses one of the members', () => {
    fc.assert(
      fc.property(membersArb(2), fc.string(), (members, identifier) => {
        const partitionA = members
        // The other side of a split: whoever is alive here is dead there, and the other way round.
        const partitionB = members.map((m) =>
          m.status === 'alive'
            ? { ...m, status: 'dead' as const }
            : m.status === 'dead'
              ? { ...m, status: 'alive' as const }
              : m,
        )
        const succeeded = [partitionA, partitionB].filter((p) => place(identifier, viewOf(p, true)).ok).length
        expect(succeeded).toBe(members.every((m) => m.status === 'shutting_down') ? 0 : 1)
      }),
    )
  })
})

describe('Horde UniformRandomDistribution', () => {
  test('chooses one of the members that is alive', () => {
    fc.assert(
      fc.property(
        membersArb(1),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (members, r) => {
          fc.pre(members.some((m) => m.status === 'alive'))
          const choice = placeRandom(viewOf(members, false), () => r)
          expect(choice.ok).toBe(true)
          if (choice.ok) expect(members.find((m) => m.name === choice.owner)?.status).toBe('alive')
        },
      ),
    )
  })

  test('returns error if no alive nodes are available', () => {
    fc.assert(
      fc.property(membersArb(0), (members) => {
        const noneAlive = members.map((m) => (m.status === 'alive' ? { ...m, status: 'dead' as const } : m))
        expect(placeRandom(viewOf(noneAlive, false))).toEqual({ ok: false, error: 'no_alive_nodes' })
      }),
    )
  })
})
