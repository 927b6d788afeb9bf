import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Contract section 7: "Until approved, the partner's link does not attribute and the bot says the application is
 * pending." /link and /payout say so; /earnings told the applicant, whose only program is still waiting for the
 * company, to go and share their links and promo codes (/link) - links they do not have, which /link then refuses.
 * /earnings must say the application is pending instead of inviting them to promote; a declined applicant is told
 * it was declined; a partner with an agreement elsewhere sees their earnings and a line for the application.
 */
describe('/earnings of a worksection-partner applicant', () => {
  const env = withTelegram('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** The partner's /earnings answer (a message, or a chart's caption). */
  async function earnings(chat: number) {
    const since = telegram.calls.length
    await telegram.sendText(chat, '/earnings')
    for (let i = 0; i < 200; i++) {
      const c = telegram.calls
        .slice(since)
        .find((x) => ['sendMessage', 'sendPhoto'].includes(x.method) && Number(x.payload.chat_id) === chat)
      if (c) return String(c.payload.caption ?? c.payload.text)
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('no /earnings answer')
  }

  it('still waiting for approval: says the application is pending, not "share your links"', async () => {
    const p = await applyThroughBot(api, telegram, 15_971, 'ru')
    await telegram.sendText(p.chat, '/earnings')
    const answer = await telegram.nthText(p.chat, 7)
    expect(answer).not.toMatch(/Делитесь своими ссылками/)
    expect(answer).toMatch(/заявка ожидает одобрения/)
  })

  it('declined: says the application was declined and how to join another program', async () => {
    const p = await applyThroughBot(api, telegram, 15_972, 'en')
    const no = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/decline`, {
      reason: 'No integration experience',
    })
    expect(no.status, JSON.stringify(no.body)).toBe(200)
    await telegram.nthText(p.chat, 7) // told of the decline
    const answer = await earnings(p.chat)
    expect(answer).not.toMatch(/Share your links/)
    expect(answer).toMatch(/your application was declined/)
    expect(answer).toMatch(/\/start/)
  })

  it('with an agreement elsewhere: the earnings, and a line for the application still waiting', async () => {
    const p = await applyThroughBot(api, telegram, 15_973, 'en')
    const q = await api.enrolled('quantower', {
      name: 'Both',
      language: 'en',
      legalType: 'individual',
      telegramId: p.chat,
    })
    expect(q.partner).toBe(p.partner)

    // nothing earned yet in the program with an agreement: share its links, and the application is pending
    const nothing = await earnings(p.chat)
    expect(nothing).toMatch(/No earnings yet\. Share your links/)
    expect(nothing).toMatch(/Worksection.*your application is awaiting the company's approval/)

    const bonus = { program: 'quantower', currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' }
    expect((await api.adjust(p.partner, bonus, 'both-bonus')).status).toBe(201)
    await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('bonus'),
    )
    const shown = await earnings(p.chat)
    expect(shown).toMatch(/Available: 25\.00/)
    expect(shown).toMatch(/Worksection.*your application is awaiting the company's approval/)
    expect(shown).not.toMatch(/No earnings yet/)
  })
})
