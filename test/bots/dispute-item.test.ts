import { describe, expect, it } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { disputeItemText } from '../../bots/shared/dispute-item.ts'
import { itemDetailText } from '../../bots/shared/reasons.ts'

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

  /**
   * A sanction's kind was worded as a state in the dispute item ("codes suspended · in force"), while the finance
   * desk's partner card names the same sanction as a noun ("code suspension"): the partner's line, the desk's
   * dispute card ("sanction: code suspension (in force)") and the partner card now use the noun.
   */
  describe("a sanction's kind, named as the finance desk names it", () => {
    const KINDS = {
      en: ['warning', 'code suspension', 'account block', 'disqualification', 'payout hold'],
      ru: ['предупреждение', 'приостановка кодов', 'блокировка аккаунта', 'дисквалификация', 'приостановка выплат'],
      kk: ['ескерту', 'кодтарды тоқтату', 'аккаунтты бұғаттау', 'дисквалификация', 'төлемдерді тоқтату'],
      ka: ['გაფრთხილება', 'კოდების შეჩერება', 'ანგარიშის დაბლოკვა', 'დისკვალიფიკაცია', 'გადახდების შეჩერება'],
      lv: ['brīdinājums', 'kodu apturēšana', 'konta bloķēšana', 'diskvalifikācija', 'izmaksu aizturēšana'],
    } as const
    const kinds = ['warning', 'suspend_codes', 'block', 'disqualify', 'payout_hold'] as const
    const sanction = { subject: 'sanction' as const, at: '2026-03-06T10:00:00Z', status: 'active' }

    it.each(LANGUAGES)("%s: the noun, in the partner's line and the desk's card, as finance says it", (lang) => {
      const t = i18n.t(lang)
      const tr = t as unknown as (key: string) => string
      kinds.forEach((kind, n) => {
        const word = KINDS[lang][n]
        expect(itemDetailText(t, lang, 'sanction', kind, undefined)).toBe(word)
        const line = disputeItemText(t, lang, 'UTC', { ...sanction, detail: kind })
        expect(line.startsWith(`${word} · ${tr('disputes.item_status.active')} · `)).toBe(true)
        // the finance desk's noun (its disqualification adds what it annuls, after a comma)
        const finance = tr(`partner_desk.kind.${kind}`).split(',')[0]!
        expect(word).toContain(finance)
      })
    })

    it('en reads as a noun phrase in its line', () => {
      const t = i18n.t('en')
      expect(disputeItemText(t, 'en', 'UTC', { ...sanction, detail: 'suspend_codes' })).toBe(
        'code suspension · in force · March 6, 2026',
      )
    })
  })
})
