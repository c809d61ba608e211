/**
 * The tc commands that shape a link (link-plan.ts), checked without a kernel: on this project's CI
 * kernel (no sch_netem) the netem branch never runs for real, so this is its test there. A small
 * model of the hub port replays the commands and must end in exactly the state asked for, from any
 * state, through any sequence of changes.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  CLEAR_LINK,
  delayClass,
  type LinkState,
  linkCommands,
  netemDelay,
} from '../../harness/netns/link-plan.js'
import { DROP_CLASS, ipv4ToUint, runProgram } from '../../harness/netns/plan.js'

const from = { index: 3, address: '10.250.0.3' }
const to = { index: 7, address: '10.250.0.7' }

/** The port's filters, classes and netem leaves, as the commands leave them (tc refuses a duplicate
 * add or a delete of something missing, and so does this model). */
class PortModel {
  filters = new Map<string, string>()
  classes = new Set<string>()
  netem = new Map<string, string>()
  apply(line: string): void {
    const words = line.split(' ')
    const [object, verb] = words
    const fail = (why: string) => {
      throw new Error(`${line}: ${why}`)
    }
    if (object === 'filter') {
      const prio = words[words.indexOf('prio') + 1]!
      if (verb === 'del') this.filters.delete(prio) || fail('no such filter')
      else if (this.filters.has(prio)) fail('filter exists')
      else this.filters.set(prio, /bytecode "([^"]+)"/.exec(line)![1]!)
    } else if (object === 'class') {
      const id = words[words.indexOf('classid') + 1]!
      if (verb === 'del') {
        this.classes.delete(id) || fail('no such class')
        this.netem.delete(id)
      } else if (this.classes.has(id)) fail('class exists')
      else this.classes.add(id)
    } else if (object === 'qdisc') {
      const parent = words[words.indexOf('parent') + 1]!
      if (!this.classes.has(parent)) fail('no parent class')
      if (verb === 'add' && this.netem.has(parent)) fail('qdisc exists')
      if (verb === 'change' && !this.netem.has(parent)) fail('no qdisc to change')
      this.netem.set(parent, line.slice(line.indexOf('netem ') + 6))
    } else fail('unknown command')
  }
}

function frame(source: string): Uint8Array {
  const bytes = new Uint8Array(60)
  const view = new DataView(bytes.buffer)
  view.setUint16(12, 0x0800)
  view.setUint32(26, ipv4ToUint(source))
  return bytes
}

const delay = fc.oneof(
  fc.constant({ ms: 0, jitterMs: 0 }),
  fc.record({ ms: fc.integer({ min: 1, max: 500 }), jitterMs: fc.integer({ min: 0, max: 50 }) }),
)
const state: fc.Arbitrary<LinkState> = fc.record({
  drop: fc.constantFrom(0, 0.25, 1),
  delay,
})

describe('link plan', () => {
  test('any sequence of link states replays cleanly and ends in the last one', () => {
    fc.assert(
      fc.property(fc.array(state, { maxLength: 8 }), (states) => {
        const port = new PortModel()
        let before = CLEAR_LINK
        for (const after of [...states, CLEAR_LINK]) {
          for (const line of linkCommands(from, to, before, after, true)) port.apply(line)
          const cls = `1:${(delayClass(from.index) & 0xffff).toString(16)}`
          const delayed = after.delay.ms > 0 || after.delay.jitterMs > 0
          expect(port.classes.has(cls)).toBe(delayed)
          if (delayed) expect(port.netem.get(cls)).toContain(netemDelay(after.delay))
          const program = port.filters.get(String(from.index))
          expect(program !== undefined).toBe(after.drop > 0 || delayed)
          if (program !== undefined) {
            // random = 2³² − 1 never drops unless the cut is total; 0 always drops when drop > 0.
            const pass = delayed ? delayClass(from.index) : 0
            expect(runProgram(program, frame(from.address), 0)).toBe(after.drop > 0 ? DROP_CLASS : pass)
            expect(runProgram(program, frame(from.address), 2 ** 32 - 1)).toBe(
              after.drop === 1 ? DROP_CLASS : pass,
            )
          }
          before = after
        }
        expect(port.filters.size + port.classes.size + port.netem.size).toBe(0)
      }),
    )
  })

  test('the delay class is on the port towards the destination, one per source', () => {
    const lines = linkCommands(from, to, CLEAR_LINK, { drop: 0, delay: { ms: 40, jitterMs: 0 } }, true)
    expect(lines).toEqual([
      'class add dev p7 parent 1: classid 1:103 htb rate 40gbit quantum 200000',
      'qdisc add dev p7 parent 1:103 handle 103: netem delay 40000us limit 100000',
      expect.stringMatching(
        /^filter add dev p7 parent 1: prio 3 protocol all bpf bytecode "[^"]+" classid 1:2$/,
      ),
    ])
  })

  test('"ms plus up to jitter" becomes netem\'s mean ± half the jitter', () => {
    expect(netemDelay({ ms: 100, jitterMs: 20 })).toBe('delay 110000us 10000us')
    expect(netemDelay({ ms: 5, jitterMs: 0 })).toBe('delay 5000us')
  })

  test('without sch_netem, a delay is refused (the mesh must apply it); drops still plan', () => {
    expect(() =>
      linkCommands(from, to, CLEAR_LINK, { drop: 0, delay: { ms: 10, jitterMs: 0 } }, false),
    ).toThrow(/no sch_netem/)
    expect(linkCommands(from, to, CLEAR_LINK, { drop: 1, delay: CLEAR_LINK.delay }, false)).toHaveLength(1)
  })
})
