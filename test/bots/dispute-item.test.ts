import { describe, expect, it } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { disputeItemText } from '../../bots/shared/dispute-item.ts'

describe('a disputable item on a button', () => {
  const i18n = createI18n()
  const item = {
    subject: 'commission' as const,
    at: '2026-11-20T10:00:00Z',
    amount: '3500',
    currency: 'USD',
    status: 'pending',
    detail: '',
    orderRef: 'wsr-order-2026-11-20-000123456789',
  }

  it.each(LANGUAGES)(
    '%s: within 60 characters, the order shortened in its middle, amount, status and date whole',
    (lang) => {
      const t = i18n.t(lang)
      const full = disputeItemText(t, lang, 'UTC', item)
      const label = disputeItemText(t, lang, 'UTC', item, 60)
      const tail = disputeItemText(t, lang, 'UTC', { ...item, orderRef: undefined })
      expect(full.endsWith(tail)).toBe(true)
      expect(label.length).toBeLessThanOrEqual(60)
      expect(label.endsWith(tail)).toBe(true)
      // the order's start and end stay (order ids differ at either end), or, short of room, its last characters
      expect(label).toMatch(/(wsr.*…\d+|^…6789) · /)
    },
  )

  it('a short line is left as it is, and a line without an order is cut at its end only when it must be', () => {
    const t = i18n.t('en')
    expect(disputeItemText(t, 'en', 'UTC', { ...item, orderRef: 'A1' }, 60)).toBe(
      'Order A1 · 35.00 USD · on hold · November 20, 2026',
    )
    const bare = { ...item, orderRef: undefined }
    expect(disputeItemText(t, 'en', 'UTC', bare, 60)).toBe(disputeItemText(t, 'en', 'UTC', bare))
    expect(disputeItemText(t, 'en', 'UTC', bare, 10)).toHaveLength(10)
  })
})
