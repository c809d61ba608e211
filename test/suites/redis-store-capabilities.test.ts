import { HANDOFF_PROPERTY_IDS, type HandoffPropertyId } from 'handoff-harness/suites'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { capabilities } from '../../fixtures/redis-store/index.js'

// redis-store spells its capability list out (a fixture never imports a suite): it must stay the
// suite's full id list, in the suite's order, with the same type.
describe('redis-store capabilities', () => {
  it('equal the handoff suite full property id list', () => {
    expect(capabilities).toEqual([...HANDOFF_PROPERTY_IDS])
  })

  it('have the type of the suite property ids', () => {
    expectTypeOf<(typeof capabilities)[number]>().toEqualTypeOf<HandoffPropertyId>()
  })
})
