import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * The Mini App's payout history says why a payout is held or was rejected: the reason in the partner's language
 * (the words of the Telegram notice) and finance's note as written, its line breaks kept, within a 360 px screen.
 * Headless Chromium on the real page, a Russian and a Latvian partner.
 */
describe('mini app: a held or rejected payout shows its reason and note', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  const browser = withBrowser()

  /** A jqsee partner in `language` with a PayPal payout of 10% of `amount`, then held or rejected with `body`. */
  async function decided(tg: number, language: string, action: 'hold' | 'reject', body: Record<string, string>) {
    const { api } = env()
    const { partner, codes } = await api.enrolled('jqsee', {
      name: `P${tg}`,
      language,
      legalType: 'individual',
      telegramId: tg,
    })
    await api.recorded('jqsee', {
      id: `page-${partner}`,
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: `page-${partner}`,
      ref: codes[0]!.code,
      order: `page-${partner}`,
      amount: '200.00',
      currency: 'USD',
    })
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: `p${tg}@example.com` } },
      `page-${partner}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const d = await api.operator('POST', `/v1/payouts/${r.body.payout.id}/${action}`, body)
    expect(d.status, JSON.stringify(d.body)).toBe(200)
  }

  /** The facts of the payout card on the page's Payouts tab (term → text as shown), and whether the page fits. */
  async function shown(tg: number) {
    const { page, context } = await openMiniApp(browser(), env().api, { id: tg }, { tab: 'payouts' })
    const card = page.locator('#panel-payouts li.card').first()
    await card.waitFor()
    const facts = await card.locator('dl.facts').evaluate((dl) => {
      const out: Record<string, string> = {}
      for (const dt of dl.querySelectorAll('dt'))
        out[dt.textContent ?? ''] = (dt.nextElementSibling as HTMLElement).innerText
      return out
    })
    const status = await card.locator('.badge').textContent()
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
    await context.close()
    return { facts, status, fits }
  }

  it('Russian, held: the reason in Russian and the note with its line break', async () => {
    const note = 'Пришлите скриншоты рекламы за март.\nБез них проверка не закончится.'
    await decided(9501, 'ru', 'hold', { reason: 'traffic_check', note })
    const s = await shown(9501)
    expect(s.status).toBe('на проверке')
    expect(s.facts).toMatchObject({ Причина: 'проверка ваших источников трафика', Комментарий: note })
    expect(s.fits).toBe(true)
  }, 60_000)

  it('Latvian, rejected with "other": "cits" and the note, a long address wrapping within the screen', async () => {
    const note = `Konts nepieņem pārskaitījumus: https://example.com/${'a'.repeat(120)}`
    await decided(9502, 'lv', 'reject', { reason: 'other', note })
    const s = await shown(9502)
    expect(s.status).toBe('noraidīta')
    expect(s.facts).toMatchObject({ Iemesls: 'cits', Komentārs: note })
    expect(s.fits).toBe(true)
  }, 60_000)

  it('Latvian, held without a note: the reason, no comment', async () => {
    await decided(9503, 'lv', 'hold', { reason: 'review' })
    const s = await shown(9503)
    expect(s.facts).toMatchObject({ Iemesls: 'kārtējā pārbaude' })
    expect(s.facts).not.toHaveProperty('Komentārs')
  }, 60_000)
})
