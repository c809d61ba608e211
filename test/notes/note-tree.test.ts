import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidNoteError, UnknownParentError } from '../../fixtures/notes/errors.js'
import {
  addNote,
  emptyNotes,
  type NoteMap,
  type NoteView,
  ROOT,
  removeNote,
  unreachable,
  viewNotes,
} from '../../fixtures/notes/note-tree.js'

function build(...ops: Array<[string, string, string] | [string]>): NoteMap {
  let notes = emptyNotes()
  for (const op of ops) notes = op.length === 3 ? addNote(notes, ...op) : removeNote(notes, op[0])
  return notes
}

/** `id(text)[children]` for compact expectations. */
function show(view: NoteView): string {
  const kids = view.children.map(show).join(',')
  return `${view.id}(${view.text})[${kids}]`
}

function viewIds(view: NoteView): string[] {
  return [view.id, ...view.children.flatMap(viewIds)]
}

describe('note tree (fixtures/notes semantics)', () => {
  it('adds notes under their parent, newest first, and views them as a tree', () => {
    const notes = build([ROOT, 'a', 'A'], [ROOT, 'b', 'B'], ['a', 'c', 'C'])
    expect(show(viewNotes(notes))).toBe('root()[b(B)[],a(A)[c(C)[]]]')
  })

  it('compacts a parent only on add: removed children stay listed until the next add under it', () => {
    const removed = build([ROOT, 'a', 'A'], [ROOT, 'b', 'B'], ['a'])
    expect(removed.get(ROOT)?.children).toEqual(['b', 'a'])
    expect(show(viewNotes(removed))).toBe('root()[b(B)[]]')
    const compacted = addNote(removed, ROOT, 'c', 'C')
    expect(compacted.get(ROOT)?.children).toEqual(['c', 'b'])
  })

  it('leaves a removed note’s descendants in the map as unreachable garbage', () => {
    const notes = build([ROOT, 'a', 'A'], ['a', 'b', 'B'], ['b', 'c', 'C'], ['a'])
    expect(show(viewNotes(notes))).toBe('root()[]')
    expect(unreachable(notes).sort()).toEqual(['b', 'c'])
  })

  it('replaces a note that is added again: new text, no children, listed once', () => {
    const notes = build([ROOT, 'a', 'A'], ['a', 'b', 'B'], [ROOT, 'a', 'A2'])
    expect(show(viewNotes(notes))).toBe('root()[a(A2)[]]')
    expect(notes.get(ROOT)?.children).toEqual(['a'])
    expect(unreachable(notes)).toEqual(['b'])
  })

  it('pins the seed’s unsound case: a removed id re-added elsewhere also reappears under its old parent', () => {
    const notes = build([ROOT, 'a', 'A'], ['a', 'x', 'X'], ['x'], [ROOT, 'x', 'X2'])
    expect(show(viewNotes(notes))).toBe('root()[x(X2)[],a(A)[x(X2)[]]]')
  })

  it('refuses what crashed or looped the seed: unknown parent, self parent, removing root', () => {
    expect(() => build([ROOT, 'a', 'A'], ['nope', 'b', 'B'])).toThrow(UnknownParentError)
    expect(() => build([ROOT, 'a', 'A'], ['a', 'a', 'A'])).toThrow(InvalidNoteError)
    expect(() => build([ROOT])).toThrow(InvalidNoteError)
    expect(() => build(['a', ROOT, 'R'])).toThrow(InvalidNoteError)
    expect(() => addNote(emptyNotes(), ROOT, '', 'empty id')).toThrow(InvalidNoteError)
    expect(() => addNote(emptyNotes(), ROOT, 'a', 42 as unknown as string)).toThrow(InvalidNoteError)
  })

  it('removing a missing note is a no-op that returns the same map', () => {
    const notes = build([ROOT, 'a', 'A'])
    expect(removeNote(notes, 'zz')).toBe(notes)
  })
})

// --- properties over random operation sequences ---

const ids = fc.constantFrom(ROOT, 'a', 'b', 'c', 'd', 'e', 'f')
type Op = { kind: 'add'; parent: string; id: string; text: string } | { kind: 'remove'; id: string }
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), parent: ids, id: ids, text: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), id: ids }),
)

function snapshotOf(notes: NoteMap): string {
  return JSON.stringify([...notes].sort(([x], [y]) => x.localeCompare(y)))
}

/** Applies ops, checking the per-step contract, and returns the final map. */
function run(ops: Op[]): NoteMap {
  let notes = emptyNotes()
  for (const o of ops) {
    if (o.kind === 'remove') {
      if (o.id === ROOT) {
        expect(() => removeNote(notes, o.id)).toThrow(InvalidNoteError)
        continue
      }
      notes = removeNote(notes, o.id)
      expect(notes.has(o.id)).toBe(false)
      expect(viewIds(viewNotes(notes))).not.toContain(o.id)
    } else {
      const valid = o.id !== ROOT && o.id !== o.parent
      if (!valid) {
        expect(() => addNote(notes, o.parent, o.id, o.text)).toThrow(InvalidNoteError)
      } else if (!notes.has(o.parent)) {
        expect(() => addNote(notes, o.parent, o.id, o.text)).toThrow(UnknownParentError)
      } else {
        const prev = notes
        notes = addNote(notes, o.parent, o.id, o.text)
        expect(notes.get(o.id)).toEqual({ text: o.text, children: [] })
        const children = notes.get(o.parent)!.children
        expect(children[0]).toBe(o.id)
        expect(new Set(children).size).toBe(children.length)
        // the seed's compaction: every other child existed before this add
        for (const child of children.slice(1)) expect(prev.has(child)).toBe(true)
      }
    }
  }
  return notes
}

describe('note tree properties', () => {
  it('every step keeps its contract and never mutates its input', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(op, { maxLength: 10 }), (prefix, more) => {
        const notes = run(prefix)
        const frozen = snapshotOf(notes)
        let next = notes
        for (const o of more) {
          try {
            next = o.kind === 'add' ? addNote(next, o.parent, o.id, o.text) : removeNote(next, o.id)
          } catch {
            // refused ops are checked in run(); here only the input's immutability matters
          }
        }
        expect(snapshotOf(notes)).toBe(frozen)
      }),
    )
  })

  it('the view is a finite tree of existing notes with their texts, and root is never lost', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const notes = run(ops)
        const walk = (v: NoteView, path: string[]): void => {
          expect(path).not.toContain(v.id)
          expect(notes.get(v.id)?.text).toBe(v.text)
          for (const child of v.children) walk(child, [...path, v.id])
        }
        const view = viewNotes(notes)
        expect(view.id).toBe(ROOT)
        walk(view, [])
      }),
    )
  })

  it('every note in the map is either reachable from root or reported by unreachable()', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const notes = run(ops)
        const seen = new Set([...viewIds(viewNotes(notes)), ...unreachable(notes)])
        expect([...seen].sort()).toEqual([...notes.keys()].sort())
        for (const id of unreachable(notes)) expect(viewIds(viewNotes(notes))).not.toContain(id)
      }),
    )
  })

  it('a note added under a reachable parent (outside its own subtree) shows first under that parent', () => {
    const find = (v: NoteView, id: string): NoteView | undefined =>
      v.id === id ? v : v.children.map((c) => find(c, id)).find((x) => x !== undefined)
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        ids,
        fc.nat(),
        fc.string({ maxLength: 3 }),
        (ops, id, pick, text) => {
          fc.pre(id !== ROOT)
          const notes = run(ops)
          const view = viewNotes(notes)
          const own = find(view, id)
          const inOwnSubtree = new Set(own === undefined ? [] : viewIds(own))
          const parents = viewIds(view).filter((x) => !inOwnSubtree.has(x))
          const parent = parents[pick % parents.length]!
          const after = viewNotes(addNote(notes, parent, id, text))
          expect(find(after, parent)?.children[0]).toEqual({ id, text, children: [] })
        },
      ),
    )
  })
})
