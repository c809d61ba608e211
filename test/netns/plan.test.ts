/**
 * The pure part of the netns network: names carry their owner, and the classic-BPF drop programs
 * match exactly the IPv4 frames from their source with the asked probability (run through a small
 * interpreter of the opcodes they use — the kernel runs the same words in the netns tests).
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  clusterPrefix,
  DROP_CLASS,
  hostAddress,
  ipv4ToUint,
  linkProgram,
  ownerOf,
  runProgram,
} from '../../harness/netns/plan.js'

const octet = fc.integer({ min: 0, max: 255 })
const address = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'))

function frame(ethertype: number, source: string): Uint8Array {
  const bytes = new Uint8Array(60)
  const view = new DataView(bytes.buffer)
  view.setUint16(12, ethertype)
  view.setUint32(26, ipv4ToUint(source))
  return bytes
}

describe('netns plan', () => {
  test('a namespace name gives back its owner pid; foreign names have none', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 22 }),
        fc.nat(999),
        fc.constantFrom('hub', 'h1', 'h250'),
        (pid, n, s) => {
          expect(ownerOf(`${clusterPrefix(pid, n)}-${s}`)).toBe(pid)
        },
      ),
    )
    for (const name of ['hh', 'hh--1-x', 'cni-1234', 'hhx-1-hub', 'netns0'])
      expect(ownerOf(name)).toBeUndefined()
  })

  test('addresses: dotted form and number agree; hosts stay inside 10.250.0.0/24', () => {
    fc.assert(
      fc.property(address, (a) => {
        const n = ipv4ToUint(a)
        expect([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')).toBe(a)
      }),
    )
    expect(hostAddress(1)).toBe('10.250.0.1')
    expect(() => hostAddress(251)).toThrow(RangeError)
    expect(() => ipv4ToUint('10.0.0')).toThrow(RangeError)
  })

  test('a cut sends every IPv4 frame from its source to the drop class, nothing else (ARP passes)', () => {
    fc.assert(
      fc.property(address, address, fc.nat(2 ** 32 - 1), (src, other, random) => {
        for (const program of [linkProgram(src, 1), linkProgram(src, 1, 0x10105)]) {
          expect(runProgram(program, frame(0x0800, src), random)).toBe(DROP_CLASS)
          expect(runProgram(program, frame(0x0806, src), random)).toBe(0)
          expect(runProgram(program, frame(0x0800, other), random)).toBe(src === other ? DROP_CLASS : 0)
        }
      }),
    )
  })

  test('loss p drops a frame exactly when the random word is below p × 2³²; the rest go on', () => {
    fc.assert(
      fc.property(
        address,
        fc.double({ min: 1e-6, max: 0.999999, noNaN: true }),
        fc.nat(2 ** 32 - 1),
        fc.constantFrom(0, 0x10101, 0x101fa),
        (src, p, r, pass) => {
          const dropped = r <= Math.floor(p * 2 ** 32) - 1
          expect(runProgram(linkProgram(src, p, pass), frame(0x0800, src), r)).toBe(
            dropped ? DROP_CLASS : pass,
          )
        },
      ),
    )
    expect(() => linkProgram('10.250.0.1', 0)).toThrow(RangeError)
    expect(() => linkProgram('10.250.0.1', 1.5)).toThrow(RangeError)
  })

  test('a delay alone sends every IPv4 frame from its source to the delay class', () => {
    fc.assert(
      fc.property(address, address, fc.nat(2 ** 32 - 1), (src, other, random) => {
        const program = linkProgram(src, 0, 0x10103)
        expect(runProgram(program, frame(0x0800, src), random)).toBe(0x10103)
        expect(runProgram(program, frame(0x0806, src), random)).toBe(0)
        expect(runProgram(program, frame(0x0800, other), random)).toBe(src === other ? 0x10103 : 0)
      }),
    )
  })
})
