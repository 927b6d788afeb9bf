import { describe, expect, it } from 'vitest'
import { detailsStandIn, standInOutcome } from '../../bots/telegram/details-intake.ts'

describe('the stand-in a flow receives for a message with payment details', () => {
  it('carries saved, or which check refused them, and is read back only for its own nonce', () => {
    const refused = { problem: 'iban_length', country: 'LV', expected: 21, given: 20 } as const
    expect(standInOutcome('n-1', detailsStandIn('n-1', 'saved'))).toBe('saved')
    expect(standInOutcome('n-1', detailsStandIn('n-1', { refused }))).toEqual({ refused })
    expect(standInOutcome('n-2', detailsStandIn('n-1', 'saved'))).toBeUndefined()
    expect(standInOutcome('n-1', 'LV80BANK0000435195001')).toBeUndefined()
    expect(standInOutcome('n-1', undefined)).toBeUndefined()
  })
  it('a stand-in written before refusals said why (a stored flow replayed after an upgrade) still reads as refused', () => {
    expect(standInOutcome('n-1', '\u2063payment-details:n-1:invalid')).toEqual({ refused: { problem: 'other' } })
  })
})
