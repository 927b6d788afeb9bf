import { describe, expect, it } from 'vitest'
import { holdsPaymentDetails } from '../../core/domain/payment-details.ts'

describe('holdsPaymentDetails: an IBAN in what a person typed', () => {
  it('finds one alone, in groups, or inside a sentence, and takes no ordinary text for one', () => {
    for (const t of [
      'DE89 3704 0044 0532 0130 00',
      'my iban is DE89370400440532013000, thanks',
      'GE29NB0000000101904917.',
      'lv80bank0000435195001',
    ])
      expect(holdsPaymentDetails(t), t).toBe(true)
    for (const t of [
      'DE89 3704 0044 0532 0130 01', // one digit off: the checksum fails
      'order 1234567890123',
      'AB12 is my code',
      'I was paid 150.00 USD on 2026-03-10',
      '',
    ])
      expect(holdsPaymentDetails(t), t).toBe(false)
  })
})
