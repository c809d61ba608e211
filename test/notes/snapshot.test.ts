import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyNotes } from '../../fixtures/notes/note-tree.js'
import { chooseRecovery, type Snapshot, supersedes } from '../../fixtures/notes/snapshot.js'

const snap = (epoch: string, version: number): Snapshot => ({ epoch, version, notes: emptyNotes() })

describe('snapshot ordering', () => {
  it('a replica takes anything first, newer versions of its epoch, and any snapshot of a new epoch', () => {
    expect(supersedes(snap('e1', 0), undefined)).toBe(true)
    expect(supersedes(snap('e1', 3), snap('e1', 2))).toBe(true)
    expect(supersedes(snap('e1', 2), snap('e1', 2))).toBe(false)
    expect(supersedes(snap('e1', 1), snap('e1', 2))).toBe(false)
    // a new primary incarnation is believed even when it looks older: that is the lost-write dragon
    expect(supersedes(snap('e2', 0), snap('e1', 9))).toBe(true)
  })
})

describe('recovery choice', () => {
  const answer = fc.option(
    fc
      .record({ epoch: fc.constantFrom('e1', 'e2'), version: fc.nat(50) })
      .map((a) => snap(a.epoch, a.version)),
    { nil: null },
  )

  it('first-answer takes the first non-empty answer, as the seed does', () => {
    fc.assert(
      fc.property(fc.array(answer), (answers) => {
        expect(chooseRecovery(answers, 'first-answer')).toBe(answers.find((a) => a !== null))
      }),
    )
  })

  it('freshest takes the highest version among the non-empty answers (the first one on ties)', () => {
    fc.assert(
      fc.property(fc.array(answer), (answers) => {
        const present = answers.filter((a): a is Snapshot => a !== null)
        const chosen = chooseRecovery(answers, 'freshest')
        const top = Math.max(...present.map((a) => a.version))
        expect(chosen).toBe(present.find((a) => a.version === top))
      }),
    )
  })
})
