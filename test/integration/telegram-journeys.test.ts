import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/** /link and /earnings in the real bot against the fake Bot API and a real database. */
describe('telegram /link and /earnings', () => {
  const env = withTelegram('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 6600
  const join = async (program: string, language: string, extra: Record<string, unknown> = {}) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const r = await api.enrol(program, { name: 'P', language, legalType: 'individual', telegramId: chat, ...extra })
    expect(r.status).toBe(201)
    return { chat, id: r.body.partner.id as string, codes: r.body.codes as { code: string; campaign?: string }[] }
  }
  const photosTo = (chat: number) =>
    telegram.calls.filter((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat)

  it('/link lists every campaign link (Georgian) and a promo code (English), QR codes on request', async () => {
    const p = await join('chetup', 'ka', { campaigns: ['cafe-sale', 'app-lead'] })
    await telegram.sendText(p.chat, '/link')
    const list = await waitFor(() => telegram.textsTo(p.chat).find((t) => t.startsWith('🔗 ჩეთაფი')), 10_000)
    for (const c of p.codes) expect(list).toContain(`https://partners.example.com/r/${c.code}`)
    expect(list).toContain('კაფე: გაყიდვები')
    expect(photosTo(p.chat)).toEqual([])

    const q = await join('jqsee', 'en')
    await telegram.sendText(q.chat, '/link')
    expect(await telegram.nthText(q.chat, 1)).toBe(
      `🔗 JQSEE: your promo codes (tap one to copy it)\n• Promo code: ${q.codes[0]!.code}`,
    )
    await telegram.press(q.chat, `qr:${q.codes[0]!.code}`)
    const [promo] = await waitFor(() => (photosTo(q.chat).length ? photosTo(q.chat) : undefined), 10_000)
    expect(String(promo!.payload.caption)).toBe(`🎟 Your promo code for JQSEE:\n${q.codes[0]!.code}`)
    expect(Object.values(promo!.files)[0]!.size).toBeGreaterThan(500) // a PNG, not an empty part
  })

  it('/earnings: on hold until when and why, held for review with the reason, a chart (English)', async () => {
    const p = await join('chetup', 'en', { campaigns: ['cafe-sale', 'app-lead'] })
    const link = (campaign: string) => p.codes.find((c) => c.campaign === campaign)!.code
    await api.postback('chetup', {
      id: `e-${p.id}-1`,
      type: 'payment',
      occurredAt: '2026-03-01T10:00:00Z',
      customer: `e-${p.id}-1`,
      ref: link('cafe-sale'),
      campaign: 'cafe-sale',
      order: `e-${p.id}-o1`,
      amount: '250.00',
      currency: 'GEL',
      country: 'GE',
    })
    await api.postback('chetup', {
      id: `e-${p.id}-2`,
      type: 'lead',
      occurredAt: '2026-03-02T10:00:00Z',
      customer: `e-${p.id}-2`,
      ref: link('app-lead'),
      campaign: 'app-lead',
      country: 'TR',
    })
    await telegram.sendText(p.chat, '/earnings')
    const [photo] = await waitFor(() => (photosTo(p.chat).length ? photosTo(p.chat) : undefined), 10_000)
    const caption = String(photo!.payload.caption)
    expect(caption).toContain('📊 Chetup, GEL')
    expect(caption).toContain('On hold: 25.00 GEL (verification, about 10 days)')
    expect(caption).toContain('• 25.00 GEL becomes available on March 11, 2026')
    expect(caption).toContain('Held for review: 2.00 GEL — activity from outside the program’s country, under review')
    // below the minimum even with what is on hold: the 25th's batch pays nothing, so no date is promised
    expect(caption).not.toContain('Next payout')
    // the 25.00 GEL on hold counts towards the minimum (item 13)
    expect(caption).toContain(
      'Besides the money on hold, 75.00 GEL more is needed to reach the minimum payout of 100.00 GEL.',
    )
  })

  it('/earnings for a stranger, and for a partner with nothing yet (Russian)', async () => {
    const stranger = ++tg
    await telegram.sendText(stranger, '/earnings')
    expect(await telegram.nthText(stranger, 1)).toMatch(/^You are not in any program yet/)
    const p = await join('quantower', 'ru')
    await telegram.sendText(p.chat, '/earnings')
    expect(await telegram.nthText(p.chat, 1)).toMatch(/\/link/)
  })

  it('a deep link joins melbet: terms summary, accept, legal type, country, 18+, traffic -> enrolled with answers', async () => {
    const chat = ++tg
    telegram.languages.set(chat, 'en')
    await telegram.sendText(chat, '/start melbet')
    const terms = await telegram.keyboardAfter(chat, 1)
    expect(terms.text).toContain('Welcome to Melbet partners!')
    expect(terms.text).toContain('• Payout every week, on Tuesday, for the previous week')
    expect(terms.text).toContain('• Minimum payout: 30.00 USD, 30.00 EUR')
    await telegram.press(chat, ':accept')
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, ':company')
    expect((await telegram.keyboardAfter(chat, 3)).buttons[0]!.text).toBe('United Kingdom')
    await telegram.press(chat, ':other')
    await telegram.nthText(chat, 4)
    await telegram.sendText(chat, 'zz')
    await telegram.nthText(chat, 5)
    await telegram.sendText(chat, 'lv')
    expect((await telegram.keyboardAfter(chat, 6)).text).toContain('18')
    await telegram.press(chat, ':yes')
    await telegram.nthText(chat, 7)
    await telegram.sendText(chat, 'My football blog and a Telegram channel')
    expect(await telegram.nthText(chat, 8)).toMatch(/^🎉 You are now a partner of Melbet/)
    const partner = await api.service.db.prisma.partner.findUniqueOrThrow({
      where: { telegramId: BigInt(chat) },
      include: { enrolments: true },
    })
    expect(partner).toMatchObject({ legalType: 'company', country: 'LV', language: 'en' })
    expect(partner.enrolments[0]).toMatchObject({
      programKey: 'melbet',
      status: 'active',
      answers: { ageConfirmed: true, trafficSources: 'My football blog and a Telegram channel' },
    })
    expect(partner.enrolments[0]!.acceptedTermsAt).not.toBeNull()
    await telegram.sendText(chat, '/terms')
    const terms2 = await telegram.nthText(chat, 9)
    expect(terms2).toMatch(/^📄 Melbet partners: the terms in force\n• /)
    expect(terms2).toMatch(/You accepted them on \w+ \d+, 2026\.$/)
    // the same link again
    await telegram.sendText(chat, '/start melbet')
    expect(await telegram.nthText(chat, 10)).toBe(
      'You are already a partner of Melbet partners. Your referral links: /link',
    )
  })

  it('worksection-partner needs approval: the deep link files an application; /language switches to Russian', async () => {
    const chat = ++tg
    telegram.languages.set(chat, 'en')
    await telegram.sendText(chat, '/start worksection-partner')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, ':individual')
    await telegram.keyboardAfter(chat, 3)
    await telegram.press(chat, ':GB')
    // seed 001: no one under 18; the partner's own Worksection account, asked so that it is never a referral
    expect((await telegram.keyboardAfter(chat, 4)).text).toContain('18')
    await telegram.press(chat, ':yes')
    expect(await telegram.nthText(chat, 5)).toMatch(/^Please send the ID of your own account/)
    await telegram.sendText(chat, 'acme.worksection.com')
    expect(await telegram.nthText(chat, 6)).toMatch(/^📝 Thank you! Your application/)
    await telegram.sendText(chat, '/language')
    const choice = await telegram.keyboardAfter(chat, 7)
    await telegram.press(chat, 'lang:ru')
    await telegram.waitForCall(
      'editMessageText',
      (c) => Number(c.payload.chat_id) === chat && c.payload.message_id === choice.message_id,
      10_000,
    )
    const who = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: BigInt(chat) } })
    expect(who.language).toBe('ru')
    await telegram.sendText(chat, '/earnings')
    // in Russian now, and about the application still waiting (the program's own name stays as it is written)
    expect(await telegram.nthText(chat, 8)).toMatch(/: ваша заявка ожидает одобрения компании/)
    await telegram.sendText(chat, '/start nonsense')
    expect(await telegram.nthText(chat, 9)).toBeTruthy()
  })
})
