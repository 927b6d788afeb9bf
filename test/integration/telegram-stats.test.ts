import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * Issue 17 item 3: /stats (the funnel of the last 7 and 30 days with a chart) and /link's compact list with QR codes
 * on request, in the real bot against the fake Bot API, with clicks through GET /r/{code} and signed postbacks.
 */
describe('telegram /stats and /link', () => {
  const env = withTelegram('2026-03-01T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 7700
  const join = async (program: string, language: string, extra: Record<string, unknown> = {}) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const r = await api.enrol(program, { name: 'P', language, legalType: 'individual', telegramId: chat, ...extra })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return { chat, id: r.body.partner.id as string, codes: r.body.codes as { code: string; campaign?: string }[] }
  }
  const click = async (code: string, ip: string, cookie?: string) => {
    const r = await api.get(`/r/${code}`, {
      'x-forwarded-for': ip,
      'user-agent': 'Mozilla/5.0 (test)',
      ...(cookie ? { cookie } : {}),
    })
    expect(r.status).toBe(302)
    // answered first, written with its batch: the report reads what is written
    await api.service.core.earnings.clicks.flush()
    return r.headers.get('set-cookie')?.split(';')[0]
  }
  const callsTo = (method: string, chat: number) =>
    telegram.calls.filter((c) => c.method === method && Number(c.payload.chat_id) === chat)
  const nthPhoto = (chat: number, n: number) => waitFor(() => callsTo('sendPhoto', chat)[n - 1], 10_000)
  /** The bot's message to a chat whose text starts with `prefix`. */
  const messageStarting = (chat: number, prefix: string) =>
    waitFor(
      () => [...telegram.messages.values()].find((m) => m.chat.id === chat && String(m.text ?? '').startsWith(prefix)),
      10_000,
    )
  const answerOf = (id: string) =>
    telegram.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === id, 10_000)

  it('/stats: the funnel of the last 7 and 30 days equals the hand count, with a chart (Russian)', async () => {
    const p = await join('chetup', 'ru', { campaigns: ['cafe-sale', 'app-lead'] })
    const code = (campaign: string) => p.codes.find((c) => c.campaign === campaign)!.code
    // 1 March in Tbilisi (UTC+4): a visitor twice (by cookie), another once; the second buys for 100.00 GEL
    api.clock.set('2026-03-01T10:00:00Z')
    const cookie = await click(code('cafe-sale'), '203.0.113.1')
    await click(code('cafe-sale'), '198.51.100.9', cookie)
    await click(code('cafe-sale'), '203.0.113.2')
    api.clock.set('2026-03-01T10:30:00Z')
    await api.recorded('chetup', {
      id: `st-${p.id}-1`,
      type: 'payment',
      occurredAt: '2026-03-01T10:29:00Z',
      customer: `st-${p.id}-c1`,
      ref: code('cafe-sale'),
      campaign: 'cafe-sale',
      order: `st-${p.id}-o1`,
      amount: '100.00',
      currency: 'GEL',
      country: 'GE',
    })
    // 18 March: two visitors on the app's link, one leaves a lead (2.00 GEL)
    api.clock.set('2026-03-18T09:00:00Z')
    await click(code('app-lead'), '203.0.113.3')
    await click(code('app-lead'), '203.0.113.4')
    api.clock.set('2026-03-18T09:30:00Z')
    await api.recorded('chetup', {
      id: `st-${p.id}-2`,
      type: 'lead',
      occurredAt: '2026-03-18T09:29:00Z',
      customer: `st-${p.id}-c2`,
      ref: code('app-lead'),
      campaign: 'app-lead',
      country: 'GE',
    })
    // 20 March, 23:30 in Tbilisi (19:30 UTC): the last 7 days are 14-20 March, the last 30 from 19 February
    api.clock.set('2026-03-20T19:30:00Z')
    await telegram.sendText(p.chat, '/stats')
    const photo = await nthPhoto(p.chat, 1)
    const [file] = Object.values(photo.files)
    expect(file!.name).toBe('stats.png')
    expect(file!.size).toBeGreaterThan(2000) // a rendered chart, not an empty part
    const nb = '\u00a0' // Intl's no-break space before % in Russian
    expect(String(photo.payload.caption)).toBe(
      [
        '📈 Chetup: от кликов до продаж',
        '',
        'За последние 7 дней (14–20 марта):',
        '• Клики: 2, уникальные: 2',
        `• Регистрации: 1 (50${nb}% от уникальных кликов)`,
        `• Первые оплаты: 0 (0${nb}% от регистраций)`,
        '• Вознаграждение: 2,00 GEL',
        '',
        'За последние 30 дней (19 февраля – 20 марта):',
        '• Клики: 5, уникальные: 4',
        `• Регистрации: 2 (50${nb}% от уникальных кликов)`,
        `• Первые оплаты: 1 (50${nb}% от регистраций)`,
        '• Вознаграждение: 12,00 GEL',
      ].join('\n'),
    )
    // the same numbers as the operator API's report of that period
    const report = await api.operator('GET', `/v1/partners/${p.id}/performance?program=chetup`)
    expect(report.body).toMatchObject({
      from: '2026-02-19',
      to: '2026-03-20',
      totals: { clicks: 5, uniqueClicks: 4, signups: 2, firstPayments: 1 },
    })
  })

  it('/stats for a stranger, a partner with nothing yet, and a picker of several programs (English)', async () => {
    const stranger = ++tg
    await telegram.sendText(stranger, '/stats')
    expect(await telegram.nthText(stranger, 1)).toMatch(/^You are not in any program yet/)

    const p = await join('quantower', 'en')
    await telegram.sendText(p.chat, '/stats')
    expect(await telegram.nthText(p.chat, 1)).toBe(
      'Quantower referral program: no clicks, sign-ups or sales in the last 30 days yet. Share your referral link or promo code (/link shows them, with QR codes), and your results will show up here.',
    )
    expect(callsTo('sendPhoto', p.chat)).toEqual([])

    // a second program for the same chat: /stats asks which one
    const again = await api.enrol('chetup', {
      name: 'P',
      language: 'en',
      legalType: 'individual',
      telegramId: p.chat,
      campaigns: ['cafe-sale'],
    })
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    const cafe = (again.body.codes as { code: string; campaign?: string }[]).find((c) => c.campaign === 'cafe-sale')!
    await click(cafe.code, '203.0.113.77')
    await telegram.sendText(p.chat, '/stats')
    const picker = await telegram.keyboardAfter(p.chat, 2)
    expect(picker!.text).toBe("Which program's statistics should I show?")
    expect(picker!.buttons.map((b) => b.data).sort()).toEqual(['sts:chetup', 'sts:quantower'])
    await telegram.press(p.chat, 'sts:chetup')
    const photo = await nthPhoto(p.chat, 1)
    expect(String(photo.payload.caption)).toContain('• Clicks: 1, unique: 1')
    expect(String(photo.payload.caption)).toContain('• Sign-ups: 0 (0% of unique clicks)')
    expect(String(photo.payload.caption)).toContain('• First payments: 0\n')
    expect(String(photo.payload.caption)).toContain('• Commission: none yet')

    // a forged program key, and data that is no program's at all: a visible answer, nothing sent
    const sent = telegram.calls.length
    const forged = await telegram.pressButton(p.chat, picker!.message_id, 'sts:melbet')
    expect((await answerOf(forged)).payload).toMatchObject({
      text: 'You are not a partner of this program.',
      show_alert: true,
    })
    const junk = await telegram.pressButton(p.chat, picker!.message_id, 'sts:../../x')
    expect((await answerOf(junk)).payload.text).toBe('This button is no longer active.')
    expect(telegram.calls.slice(sent).filter((c) => c.method === 'sendPhoto' || c.method === 'sendMessage')).toEqual([])

    // /earnings carries a button to the same statistics
    await telegram.sendText(p.chat, '/earnings')
    const earnings = await waitFor(
      () =>
        [...telegram.messages.values()].find(
          (m) => m.chat.id === p.chat && m.reply_markup?.inline_keyboard?.[0]?.[0]?.callback_data === 'perf',
        ),
      10_000,
    )
    expect(earnings.reply_markup.inline_keyboard[0][0].text).toBe('📈 Performance')
    await telegram.pressButton(p.chat, earnings.message_id, 'perf')
    await waitFor(
      () => (telegram.textsTo(p.chat).filter((t) => t.startsWith('Which program')).length === 2 ? 1 : undefined),
      10_000,
    )
  })

  it('/link lists links compactly, copyable; the QR image comes only when asked (Georgian, Russian)', async () => {
    const p = await join('chetup', 'ka', { campaigns: ['cafe-sale', 'app-lead'] })
    await telegram.sendText(p.chat, '/link')
    // the program and its campaigns by their Georgian names (the definition's names.ka), never "Chetup", "Cafe: sales"
    const list = await messageStarting(p.chat, '🔗 ჩეთაფი')
    const text = String(list.text)
    expect(text).not.toMatch(/Chetup|Cafe: sales|App: leads/)
    const send = callsTo('sendMessage', p.chat).find((c) => String(c.payload.text).startsWith('🔗 ჩეთაფი'))!
    // one line per link with its campaign, the URL in a code entity (a tap copies it)
    for (const c of p.codes) {
      const url = `https://partners.example.com/r/${c.code}`
      const name =
        c.campaign === 'cafe-sale'
          ? 'კაფე: გაყიდვები (10% თითოეული გაყიდვიდან)'
          : 'აპლიკაცია: ლიდები (2,00 GEL თითოეულ ლიდზე)'
      expect(text).toContain(`• ${name}: ${url}`)
      expect(send.payload.entities).toContainEqual({ type: 'code', offset: text.indexOf(url), length: url.length })
    }
    // and under the list, the dashboard (the Mini App) on its links tab
    expect(list.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)).toEqual([
      'QR-კოდი: კაფე: გაყიდვები',
      'QR-კოდი: აპლიკაცია: ლიდები',
      '📊 კაბინეტის გახსნა',
    ])
    expect(callsTo('sendPhoto', p.chat)).toEqual([]) // no image until asked
    const cafe = p.codes.find((c) => c.campaign === 'cafe-sale')!
    const pressed = await telegram.pressButton(p.chat, list.message_id, `qr:${cafe.code}`)
    await answerOf(pressed)
    const qr = await nthPhoto(p.chat, 1)
    expect(String(qr.payload.caption)).toContain(`https://partners.example.com/r/${cafe.code}`)
    expect(Object.values(qr.files)[0]!.size).toBeGreaterThan(500)
    expect(callsTo('sendPhoto', p.chat)).toHaveLength(1)

    // another partner's code: refused visibly, no image
    const q = await join('jqsee', 'ru')
    await telegram.sendText(q.chat, '/link')
    const promo = await messageStarting(q.chat, '🔗 JQSEE')
    expect(String(promo.text)).toBe(
      `🔗 JQSEE: ваши промокоды (нажмите, чтобы скопировать)\n• Промокод: ${q.codes[0]!.code}`,
    )
    const stolen = await telegram.pressButton(q.chat, promo.message_id, `qr:${cafe.code}`)
    expect((await answerOf(stolen)).payload).toMatchObject({
      text: 'Эта ссылка или этот код больше не ваши. Отправьте /link, чтобы увидеть актуальный список.',
      show_alert: true,
    })
    expect(callsTo('sendPhoto', q.chat)).toEqual([])
    const own = await telegram.pressButton(q.chat, promo.message_id, `qr:${q.codes[0]!.code}`)
    await answerOf(own)
    expect(String((await nthPhoto(q.chat, 1)).payload.caption)).toBe(
      `🎟 Ваш промокод в программе JQSEE:\n${q.codes[0]!.code}`,
    )
  })
})
