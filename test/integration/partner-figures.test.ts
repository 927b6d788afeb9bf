import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * What a partner reads about performance and earnings agrees with what was recorded (an outside review's findings):
 * the /earnings chart, the digest of a loss, /stats of promo codes and of a declined application, QR buttons, players.
 */
describe('performance and earnings as the partner reads them', () => {
  const env = withTelegram('2026-03-01T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  const callsTo = (method: string, chat: number) =>
    telegram.calls.filter((c) => c.method === method && Number(c.payload.chat_id) === chat)
  const settle = () => new Promise((r) => setTimeout(r, 1500))

  it('/earnings chart: a month’s commissions still on hold are in that month’s bar (as /stats and the dashboard count them)', async () => {
    const chat = 8811
    telegram.languages.set(chat, 'en')
    api.clock.set('2026-03-01T10:00:00Z')
    const r = await api.enrol('worksection-referral', {
      name: 'P',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
      country: 'LV',
    })
    const code = r.body.codes[0].code
    const partner = r.body.partner.id as string
    // three paying customers on 5 March (Kyiv): three one-time rewards of 25.00 USD, on hold for 31 days
    api.clock.set('2026-03-05T10:00:00Z')
    for (const n of [1, 2, 3]) {
      await api.recorded('worksection-referral', {
        id: `ch-${n}s`,
        type: 'signup',
        occurredAt: '2026-03-05T09:00:00Z',
        customer: `ch-${n}`,
        ref: code,
        ip: `10.8.8.${n}`,
      })
      await api.recorded('worksection-referral', {
        id: `ch-${n}p`,
        type: 'payment',
        occurredAt: '2026-03-05T09:30:00Z',
        customer: `ch-${n}`,
        order: `ch-${n}o`,
        amount: '9.00',
        currency: 'USD',
        monthsPaid: 1,
      })
    }
    api.clock.set('2026-03-20T10:00:00Z')
    // /stats and the dashboard: 75.00 USD earned in March
    const perf = await api.operator('GET', `/v1/partners/${partner}/performance?program=worksection-referral&by=month`)
    expect(perf.body.rows).toMatchObject([{ key: '2026-03', commissions: [{ amount: '75.00', currency: 'USD' }] }])
    // the /earnings chart of the same partner: March's bar is 75.00 too
    const [view] = (await api.service.core.reports.earnings(partner)).filter(
      (v: { program: string }) => v.program === 'worksection-referral',
    )
    const bars = (view as any).chart.bars as { start: string; minor: bigint }[]
    expect(bars.find((b) => b.start === '2026-03-01')?.minor).toBe(7500n)
    // and the bot draws it (today it sends no chart at all: nothing "earned" yet)
    await telegram.sendText(chat, '/earnings')
    await waitFor(() => telegram.textsTo(chat).length + callsTo('sendPhoto', chat).length > 0 || undefined, 10_000)
    await settle()
    expect(callsTo('sendPhoto', chat)).toHaveLength(1)

    // a month later the money is available: the chart must not move it to April
    api.clock.set('2026-04-10T10:00:00Z')
    const [later] = (await api.service.core.reports.earnings(partner)).filter(
      (v: { program: string }) => v.program === 'worksection-referral',
    )
    const laterBars = (later as any).chart.bars as { start: string; minor: bigint }[]
    expect(laterBars.find((b) => b.start === '2026-03-01')?.minor).toBe(7500n)
    expect(laterBars.find((b) => b.start === '2026-04-01')?.minor).toBe(0n)
  }, 60_000)

  it('/stats of a promo-code-only program (jqsee) starts at the sign-ups, like the dashboard: no clicks, no rate of unique clicks', async () => {
    const chat = 8812
    telegram.languages.set(chat, 'en')
    api.clock.set('2026-03-09T10:00:00Z')
    const r = await api.enrol('jqsee', { name: 'P', language: 'en', legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: 'pj-1',
      type: 'payment',
      occurredAt: '2026-03-09T09:00:00Z',
      customer: 'pj-c1',
      ref: r.body.codes[0].code,
      order: 'pj-o1',
      amount: '100.00',
      currency: 'USD',
    })
    await telegram.sendText(chat, '/stats')
    const photo = await waitFor(() => callsTo('sendPhoto', chat)[0], 10_000)
    const caption = String(photo.payload.caption)
    // today: "• Clicks: 0, unique: 0" and "• Sign-ups: 1 (— of unique clicks)" — figures a promo code can never have
    expect(caption).not.toContain('Clicks')
    expect(caption).not.toContain('of unique clicks')
    expect(caption).toContain('• Sign-ups: 1')
  }, 60_000)

  it('/stats of a partner whose only application was declined does not say it is still waiting for approval', async () => {
    const chat = 8813
    telegram.languages.set(chat, 'en')
    api.clock.set('2026-03-09T10:00:00Z')
    const p = await applyThroughBot(api, telegram, chat, 'en')
    const no = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/decline`, {
      reason: 'No integrator experience',
    })
    expect(no.status, JSON.stringify(no.body)).toBe(200)
    await settle()
    const told = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/stats')
    const answer = await waitFor(() => telegram.textsTo(chat)[told], 10_000)
    // not "no program has approved your application yet": it was declined, and /start is the way on
    expect(answer).toBe(
      'Worksection partner program: your application was declined.\n\nYou are not in any program yet. Send /start to see the programs and how to join them.',
    )
  }, 60_000)

  /** A melbet partner (intro rate 20%) with `players` new users (sign-up and first deposit) in early March. */
  const melbetPartner = async (chat: number, language: string, players: number) => {
    telegram.languages.set(chat, language)
    const m = await api.enrolled('melbet', {
      name: 'P',
      language,
      legalType: 'individual',
      telegramId: chat,
      registeredAt: '2026-02-01T12:00:00Z',
    })
    const ref = m.codes[0]!.code
    for (let n = 1; n <= players; n++) {
      await api.recorded('melbet', {
        id: `${chat}-${n}s`,
        type: 'signup',
        occurredAt: `2026-03-0${n}T10:00:00Z`,
        customer: `${chat}-pl${n}`,
        ref,
      })
      await api.recorded('melbet', {
        id: `${chat}-${n}d`,
        type: 'first_deposit',
        occurredAt: `2026-03-0${n}T11:00:00Z`,
        customer: `${chat}-pl${n}`,
        amount: '10.00',
        currency: 'USD',
      })
    }
    return { ...m, player: (n: number) => `${chat}-pl${n}` }
  }

  it('earnings digest: a melbet loss week is not announced as a negative amount "earned" (en, lv)', async () => {
    api.clock.set('2026-03-20T10:00:00Z')
    for (const [chat, language, wrong] of [
      [8814, 'en', /-60\.00 USD earned/],
      [8815, 'lv', /nopelnīts -60,00 USD/],
    ] as const) {
      const m = await melbetPartner(chat, language, 1)
      await api.recorded('melbet', {
        id: `${chat}-r1`,
        type: 'revenue',
        occurredAt: '2026-03-03T12:00:00Z',
        customer: m.player(1),
        order: `${chat}-o1`,
        amount: '100.00',
        currency: 'USD',
      })
      await api.service.core.reports.queueDigests()
      await waitFor(() => telegram.textsTo(chat)[0], 10_000)
      // the player's net revenue turns into a loss: the partner's share is -60.00 USD, carried against later earnings
      await api.recorded('melbet', {
        id: `${chat}-r2`,
        type: 'revenue',
        occurredAt: '2026-03-04T12:00:00Z',
        customer: m.player(1),
        order: `${chat}-o2`,
        amount: '-300.00',
        currency: 'USD',
      })
      await api.service.core.reports.queueDigests()
      const digest = await waitFor(() => telegram.textsTo(chat)[1], 10_000)
      // not "Melbet partners: -60.00 USD earned (commissions: 1)": the loss is said apart, with what happens to it
      expect(digest).not.toMatch(wrong)
      expect(digest).toMatch(
        language === 'en' ? /was negative, so 60\.00 USD will be set against/ : /tiks atskaitīta summa 60,00 USD/,
      )
    }
  }, 90_000)

  it('/earnings does not tell a melbet partner who has 6 new players that payouts need at least 5', async () => {
    api.clock.set('2026-03-20T10:00:00Z')
    const chat = 8816
    const m = await melbetPartner(chat, 'en', 6)
    await api.recorded('melbet', {
      id: `${chat}-r1`,
      type: 'revenue',
      occurredAt: '2026-03-07T12:00:00Z',
      customer: m.player(1),
      order: `${chat}-o1`,
      amount: '500.00',
      currency: 'USD',
    })
    const told = telegram.calls.filter(
      (c) => Number(c.payload.chat_id) === chat && (c.method === 'sendMessage' || c.method === 'sendPhoto'),
    ).length
    await telegram.sendText(chat, '/earnings')
    const reply = await waitFor(
      () =>
        telegram.calls.filter(
          (c) => Number(c.payload.chat_id) === chat && (c.method === 'sendMessage' || c.method === 'sendPhoto'),
        )[told],
      10_000,
    )
    const text = String(reply.payload.caption ?? reply.payload.text)
    expect(text).toContain('Available: 100.00 USD')
    // the players' line only while the partner is short of them
    expect(text).not.toMatch(/Payouts need at least/)
    // no date is promised while the batch could not pay: melbet pays to details on file, and this partner has none
    expect(text).toContain('No payout date yet: you have not added payment details yet (/settings).')
    expect(text).not.toMatch(/Next payout/)
    // a partner with two players is told how many they have and need
    const few = 8818
    const f = await melbetPartner(few, 'en', 2)
    await api.recorded('melbet', {
      id: `${few}-r1`,
      type: 'revenue',
      occurredAt: '2026-03-07T12:00:00Z',
      customer: f.player(1),
      order: `${few}-o1`,
      amount: '500.00',
      currency: 'USD',
    })
    const seen = telegram.calls.filter((c) => Number(c.payload.chat_id) === few).length
    await telegram.sendText(few, '/earnings')
    const short = await waitFor(
      () =>
        telegram.calls.filter(
          (c) => Number(c.payload.chat_id) === few && (c.method === 'sendMessage' || c.method === 'sendPhoto'),
        )[seen],
      10_000,
    )
    const shortText = String(short.payload.caption ?? short.payload.text)
    expect(shortText).toContain('Payouts need more than 4 new users; you have 2.')
    expect(shortText).not.toMatch(/Next payout/)
  }, 90_000)

  it('/link with several jqsee promo codes: each QR button says which code it is for', async () => {
    api.clock.set('2026-03-20T10:00:00Z')
    const chat = 8817
    telegram.languages.set(chat, 'lv')
    const r = await api.enrol('jqsee', { name: 'P', language: 'lv', legalType: 'individual', telegramId: chat })
    const extra = await api.operator('POST', `/v1/programs/jqsee/partners/${r.body.partner.id}/codes`, {
      code: 'VASARA10',
    })
    expect(extra.status, JSON.stringify(extra.body)).toBe(201)
    await telegram.sendText(chat, '/link')
    const list = await waitFor(() => telegram.lastKeyboard(chat), 10_000)
    const qr = list.buttons.filter((b) => b.data.startsWith('qr:'))
    expect(qr).toHaveLength(2)
    // not both "QR kods: Promokods": each names its code
    expect(new Set(qr.map((b) => b.text)).size).toBe(2)
    expect(qr.map((b) => b.text)).toContain('QR kods: VASARA10')
  }, 60_000)
})
