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

  it('finds one behind any separator: brackets, a label, dashes, dots, or glued to a word', () => {
    for (const t of [
      'Please send it to my account (LV80BANK0000435195001), thanks',
      'IBAN:LV80BANK0000435195001',
      'My bank account is LV80-BANK-0000-4351-9500-1',
      'iban: lv80.bank.0000.4351.9500.1',
      '[GB29 NWBK 6016 1331 9268 19]',
      'IBANLV80BANK0000435195001',
      'KZ86125KZT5004100100 is mine',
      'GE29NB0000000101904917/GEL',
    ])
      expect(holdsPaymentDetails(t), t).toBe(true)
  })

  it('takes no order number, date, amount or code joined across words for one', () => {
    for (const t of [
      'LV80-BANK-0000-4351-9500-2', // the checksum fails
      'Order ORD-2026-000123456789 of 2026-03-10 was 1 234,56 EUR, not 150.00 USD',
      'orders A-1, AB12-3456-7890-1234, DE12-3456 and LV12 345 678 were not counted',
      'Tracking RR123456789LV, sent 10.03.2026 at 14:05, code XY99 1234 5678 9012 3456',
      'My code is DE12 and I was paid 150.00 USD on 2026-03-10 for order 987654321',
      'ID 5f3a9c2e7b1d4a6f8e0c2b4d6f8a0c2e, session AB12CD34EF56GH78',
    ])
      expect(holdsPaymentDetails(t), t).toBe(false)
  })
})
