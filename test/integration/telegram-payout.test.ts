import { beforeAll, describe, expect, it, vi } from 'vitest'
import { amountText } from '../../bots/i18n/format.ts'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** /payout in the real grammY bot, against the fake Bot API and a real database: preview, confirm, refusals. */
describe('telegram /payout', () => {
  const i18n = createI18n()
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 5500
  const partner = async (language: string, amount = '150.00') => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const r = await api.enrol('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    expect(r.status).toBe(201)
    const id = r.body.partner.id as string
    await api.postback('jqsee', {
      id: `tp-${id}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `tp-${id}`,
      ref: r.body.codes[0].code,
      order: `tp-${id}`,
      amount,
      currency: 'USD',
    })
    return { chat, id }
  }
  it('Russian: method, new PayPal details, everything available, preview, confirm -> a requested payout', async () => {
    const { chat, id } = await partner('ru')
    await telegram.sendText(chat, '/payout')
    expect((await telegram.keyboardAfter(chat, 1)).text).toBe('Как вы хотите получить выплату?')
    await telegram.press(chat, ':paypal')
    expect(await telegram.nthText(chat, 2)).toMatch(/PayPal/)
    await telegram.sendText(chat, 'anna.partner@example.com')
    expect(await telegram.nthText(chat, 3)).toContain('a•••@example.com')
    const amountQuestion = await telegram.keyboardAfter(chat, 4)
    expect(amountQuestion.text).toContain('15,00 USD')
    await telegram.press(chat, ':all')
    const preview = await telegram.keyboardAfter(chat, 5)
    expect(preview.text).toContain('15,00 USD')
    expect(preview.text).toContain('a•••@example.com')
    expect(preview.text).toContain('10 марта 2026')
    await telegram.press(chat, ':confirm')
    expect(await telegram.nthText(chat, 6)).toMatch(/^✅ .*10 марта 2026 г\. вы получите 15,00 USD/)
    const payouts = (await api.operator('GET', `/v1/partners/${id}/payouts`)).body.payouts
    expect(payouts).toEqual([
      expect.objectContaining({ status: 'requested', gross: '15.00', details: 'a•••@example.com' }),
    ])
    // the e-mail never appears in what the bot sent, and the partner's message with it was deleted
    expect(telegram.textsTo(chat).join('\n')).not.toContain('anna.partner')
    expect(telegram.calls.some((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)).toBe(true)
  })

  it('Russian: amounts in the Russian form; a typed "1 234,50" is read, garbage refused in Russian', async () => {
    const nb = '\u00a0'
    const { chat } = await partner('ru', '123456.00')
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, 'ru.typed@example.com')
    await telegram.nthText(chat, 3)
    expect((await telegram.keyboardAfter(chat, 4)).text).toContain(`12${nb}345,60 USD`)
    await telegram.press(chat, ':other')
    expect(await telegram.nthText(chat, 5)).toBe('Отправьте сумму числом, например 50,00.')
    await telegram.sendText(chat, 'тысяча')
    expect(await telegram.nthText(chat, 6)).toBe('Введите сумму числом, например 50,00.')
    await telegram.nthText(chat, 7)
    // typed with a plain space, as a keyboard gives it
    await telegram.sendText(chat, '1 234,50')
    const preview = await telegram.keyboardAfter(chat, 8)
    expect(preview.text).toContain(`1${nb}234,50 USD`)
    await telegram.press(chat, ':cancel')
    expect(await telegram.nthText(chat, 9)).toMatch(/^Отменено/)
  })

  it('English: a custom amount below the minimum is refused with the reason, then a valid one is cancelled', async () => {
    const { chat, id } = await partner('en')
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, 'not an e-mail')
    expect(await telegram.nthText(chat, 3)).toBe(
      'This is not an e-mail address: it should look like name@example.com. Please check it and send it again.',
    )
    await telegram.nthText(chat, 4)
    await telegram.sendText(chat, 'sam@example.com')
    await telegram.keyboardAfter(chat, 6)
    await telegram.press(chat, ':other')
    await telegram.nthText(chat, 7)
    await telegram.sendText(chat, '5')
    expect(await telegram.nthText(chat, 8)).toBe(
      'The minimum payout is 10.00 USD, so 5.00 USD is too little. Enter at least 10.00 USD (you have 15.00 USD available).',
    )
    await telegram.nthText(chat, 9)
    await telegram.sendText(chat, '12.50')
    const preview = await telegram.keyboardAfter(chat, 10)
    expect(preview.text).toContain('Gross: 12.50 USD')
    // a button of an earlier question is stale
    const stale = telegram.calls.length
    await telegram.pressButton(
      chat,
      amountMessage(chat),
      telegram.lastKeyboard(chat)!.buttons[0]!.data.replace(/:confirm$/, ':all'),
    )
    await telegram.waitForCall('answerCallbackQuery', undefined, 5000, stale)
    await telegram.press(chat, ':cancel')
    expect(await telegram.nthText(chat, 11)).toBe('Cancelled. Nothing was requested.')
    expect((await api.operator('GET', `/v1/partners/${id}/payouts`)).body.payouts).toEqual([])
  })

  it('Latvian, worksection-referral with its reward on hold: told why nothing is payable, then offered to enter bank details ahead for the manager to agree', async () => {
    const chat = ++tg
    telegram.languages.set(chat, 'lv')
    const r = await api.enrol('worksection-referral', {
      name: 'L',
      language: 'lv',
      legalType: 'individual',
      telegramId: chat,
    })
    expect(r.status).toBe(201)
    const customer = `wr-ahead-${chat}`
    const base = { occurredAt: '2026-03-06T09:00:00Z', customer }
    await api.postback('worksection-referral', {
      ...base,
      id: `${customer}-s`,
      type: 'signup',
      ref: r.body.codes[0].code,
    })
    const paid = await api.postback('worksection-referral', {
      ...base,
      id: `${customer}-p`,
      type: 'payment',
      order: `${customer}-o`,
      amount: '120.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(paid.body.commissions).toEqual([expect.objectContaining({ status: 'pending' })])
    await telegram.sendText(chat, '/payout')
    // why nothing can be paid, and no IBAN asked for as if it could
    expect(await telegram.nthText(chat, 1)).toMatch(/gaida/)
    const offer = await telegram.keyboardAfter(chat, 2)
    expect(offer.text).toBe(
      'Programmā Worksection (ieteikumu) izmaksas veidā „Bankas pārskaitījums“ tiek veiktas tikai uz rekvizītiem, kas saskaņoti ar jūsu menedžeri. Varat tos ievadīt jau tagad, lai tie būtu saskaņoti līdz nākamajai izmaksai.',
    )
    await telegram.press(chat, ':enter')
    expect(await telegram.nthText(chat, 3)).toMatch(/IBAN/)
    await telegram.sendText(chat, 'LV80 BANK 0000 4351 9500 1')
    expect(await telegram.nthText(chat, 4)).toMatch(/^Maksājuma rekvizīti saglabāti: LV/)
    expect(await telegram.nthText(chat, 5)).toBe(
      'Menedžeris tos pārbaudīs. Kad rekvizīti būs saskaņoti un būs pieejami līdzekļi, nosūtiet /payout.',
    )
    expect((await api.operator('GET', `/v1/partners/${r.body.partner.id}/payouts`)).body.payouts).toEqual([])
    // asked again: the details wait for the manager, nothing more is offered
    await telegram.sendText(chat, '/payout')
    expect(await telegram.nthText(chat, 6)).toMatch(/gaida/)
    await new Promise((res) => setTimeout(res, 300))
    expect(telegram.textsTo(chat)).toHaveLength(6)
  })

  it('a stranger is told how to join; /cancel leaves a flow', async () => {
    const chat = ++tg
    await telegram.sendText(chat, '/payout')
    expect(await telegram.nthText(chat, 1)).toMatch(/^You are not in any program yet/)
    const p = await partner('en')
    await telegram.sendText(p.chat, '/payout')
    await telegram.keyboardAfter(p.chat, 1)
    await telegram.sendText(p.chat, '/cancel')
    expect(await telegram.nthText(p.chat, 2)).toBe('Cancelled. Nothing was requested.')
    await telegram.sendText(p.chat, '/cancel')
    expect(await telegram.nthText(p.chat, 3)).toBe('There is nothing to cancel.')
  })

  /** A new partner's first /payout: PayPal with new details, everything available, confirmed (6 bot messages). */
  async function requestAll(chat: number, email: string) {
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, email)
    await telegram.keyboardAfter(chat, 4)
    await telegram.press(chat, ':all')
    await telegram.keyboardAfter(chat, 5)
    await telegram.press(chat, ':confirm')
    await telegram.nthText(chat, 6)
  }

  /** The message id of the latest keyboard (used to press a stale button on it). */
  function amountMessage(chat: number) {
    return telegram.lastKeyboard(chat)!.message_id
  }

  it('Russian: /settings -> payment details offers new ones per method; they replace the old ones, nothing is requested', async () => {
    const { chat, id } = await partner('ru')
    await requestAll(chat, 'old@example.com') // six bot messages, a request of 15.00 USD
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 7)
    await telegram.press(chat, 'st:details')
    const screen = await telegram.keyboardAfter(chat, 8)
    expect(screen.text).toBe('Сохранённые платёжные реквизиты:\nPayPal: o•••@example.com')
    expect(screen.buttons.map((b) => b.text)).toContain('✏️ PayPal: ввести новые реквизиты')
    await telegram.press(chat, 'dt:paypal')
    expect(await telegram.nthText(chat, 9)).toMatch(/PayPal/)
    await telegram.sendText(chat, 'new.address@example.com')
    expect(await telegram.nthText(chat, 10)).toBe('Платёжные реквизиты сохранены: n•••@example.com.')
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.textsTo(chat)).toHaveLength(10)
    // the typed address is not left in the chat, and the one request stays the only one
    expect(telegram.calls.some((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)).toBe(true)
    expect((await api.operator('GET', `/v1/partners/${id}/payouts`)).body.payouts).toHaveLength(1)
  })

  it('the new-details button pressed in the middle of /payout ends that flow visibly and asks for the details', async () => {
    const { chat } = await partner('en')
    await telegram.sendText(chat, '/settings')
    const menu = await telegram.keyboardAfter(chat, 1)
    await telegram.pressButton(chat, menu.message_id, 'st:details')
    const details = await telegram.keyboardAfter(chat, 2)
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 3) // the method question: the flow waits on it
    await telegram.pressButton(chat, details.message_id, 'dt:paypal')
    expect(await telegram.nthText(chat, 4)).toBe('Cancelled. Nothing was requested.')
    expect(await telegram.nthText(chat, 5)).toMatch(/PayPal/)
    await telegram.sendText(chat, 'mid.flow@example.com')
    expect(await telegram.nthText(chat, 6)).toBe('Payment details saved: m•••@example.com.')
    // a method none of the partner's programs pays to details with is a stale button
    await telegram.pressButton(chat, details.message_id, 'dt:licences')
    expect(await telegram.nthText(chat, 7)).toBe(i18n.t('en')('unhandled.button'))
  })

  it('/settings shows the details masked; "delete my data" asks first, then erases and cancels the open request', async () => {
    const { chat, id } = await partner('en')
    await requestAll(chat, 'erin@example.com') // six bot messages
    await telegram.sendText(chat, '/settings')
    const menu = await telegram.keyboardAfter(chat, 7)
    await telegram.press(chat, 'st:details')
    expect(await telegram.nthText(chat, 8)).toBe('Payment details on file:\nPayPal: e•••@example.com')
    // the details screen has its own buttons (new details per method): erase is on the menu above it
    await telegram.pressButton(chat, menu.message_id, 'st:erase')
    const confirm = await telegram.keyboardAfter(chat, 9)
    // the warning names the money that would be given up (item 13)
    expect(confirm.text).toMatch(/^Money not yet paid out to you, .*\n• JQSEE: 15\.00 USD\n/)
    // "Yes" carries the fingerprint of the money the confirmation showed
    await telegram.pressButton(
      chat,
      confirm.message_id,
      confirm.buttons.find((b) => b.data.startsWith('st:erase_yes:'))!.data,
    )
    await telegram.waitForCall(
      'editMessageText',
      (c) => Number(c.payload.chat_id) === chat && c.payload.message_id === confirm.message_id,
      10_000,
    )
    const p = await api.service.db.prisma.partner.findUniqueOrThrow({
      where: { id },
      include: { paymentDetails: true },
    })
    expect(p).toMatchObject({ name: null, telegramId: null, country: null })
    expect(p.erasedAt).not.toBeNull()
    expect(p.paymentDetails.every((d) => d.ciphertext.length === 0 && d.mask === '')).toBe(true)
    const payouts = await api.service.db.prisma.payoutRequest.findMany({ where: { enrolment: { partnerId: id } } })
    expect(payouts.map((x) => x.status)).toEqual(['cancelled'])
    // the ledger keeps its totals: the commission is still there, the reservation released
    const entries = await api.service.db.prisma.ledgerEntry.findMany({
      where: { enrolment: { partnerId: id }, account: { in: ['earned', 'held', 'reserved'] } },
    })
    expect(entries.reduce((sum, e) => sum + e.amountMinor, 0n)).toBe(1500n)
    // the chat is a stranger now
    await telegram.sendText(chat, '/earnings')
    expect(await telegram.nthText(chat, 10)).toMatch(/^You are not in any program yet/)
  })

  it('a waiting request is offered for cancellation when /payout starts again; cancelling gives the money back', async () => {
    const { chat, id } = await partner('en')
    await requestAll(chat, 'fay@example.com') // six bot messages
    await telegram.sendText(chat, '/payout')
    const offer = await telegram.keyboardAfter(chat, 7)
    expect(offer.text).toBe(
      'You have a payout request of 15.00 USD waiting, expected on March 10, 2026. Cancel it, or keep it and make another request?',
    )
    await telegram.press(chat, ':cancel')
    expect(await telegram.nthText(chat, 8)).toBe('↩️ Your request is cancelled and the amount is back on your balance.')
    const payouts = (await api.operator('GET', `/v1/partners/${id}/payouts`)).body.payouts
    expect(payouts).toEqual([expect.objectContaining({ status: 'cancelled', reason: 'partner_request' })])
    const st = await api.statement(id, { program: 'jqsee' })
    expect(st.body.balances[0]).toMatchObject({ available: '15.00', inPayout: '0.00' })
  })

  it.each(['en', 'ru', 'kk', 'ka', 'lv'])('/earnings and /payout speak %s', async (language) => {
    const t = createI18n().t(language as 'en')
    const { chat } = await partner(language)
    await telegram.sendText(chat, '/earnings')
    // with earnings, the summary is the caption of the chart
    const photo = await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === chat, 10_000)
    const earnings = String(photo.payload.caption)
    expect(earnings.split('\n')[0]).toBe(t('earnings.title', { program: 'JQSEE', currency: 'USD' }))
    expect(earnings).toContain(t('earnings.available', { amount: amountText(language, '15.00', 'USD') }))
    await telegram.sendText(chat, '/payout')
    expect((await telegram.keyboardAfter(chat, 1)).text).toBe(t('payout.flow.choose_method'))
    await telegram.press(chat, ':paypal')
    expect(await telegram.nthText(chat, 2)).toBe(t('payout.flow.ask_email'))
    await telegram.sendText(chat, '/cancel')
    expect(await telegram.nthText(chat, 3)).toBe(t('payout.flow.cancelled'))
  })
  it("English: chetup's payouts on hold: the preview and the answer say the request waits for them to resume", async () => {
    const chat = ++tg
    telegram.languages.set(chat, 'en')
    const r = await api.enrol('chetup', {
      name: 'Paused',
      language: 'en',
      legalType: 'company',
      telegramId: chat,
      campaigns: ['cafe-sale'],
      registeredAt: '2026-02-01T10:00:00Z',
    })
    expect(r.status).toBe(201)
    await api.postback('chetup', {
      id: `tp-paused-${chat}`,
      type: 'payment',
      occurredAt: '2026-02-20T09:00:00Z',
      customer: `tp-paused-${chat}`,
      ref: r.body.codes[0].code,
      campaign: 'cafe-sale',
      order: `tp-paused-${chat}`,
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    expect((await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'bank_issue' })).status).toBe(200)
    try {
      // the partner was told of the pause; chetup pays by bank only, so /payout asks for the IBAN at once
      expect(await telegram.nthText(chat, 1)).toMatch(/^Chetup: payouts are on hold for now/)
      await telegram.sendText(chat, '/payout')
      expect(await telegram.nthText(chat, 2)).toMatch(/^Send your IBAN/)
      await telegram.sendText(chat, 'GE29NB0000000101904917')
      expect(await telegram.nthText(chat, 3)).toMatch(/^Payment details saved/)
      await telegram.keyboardAfter(chat, 4)
      await telegram.press(chat, ':all')
      const paused =
        'Payouts of Chetup are on hold for now: your payout request is kept, and the money is paid on the first pay date after payouts resume.'
      const preview = await telegram.keyboardAfter(chat, 5)
      expect(preview.text).toContain('150.00 GEL')
      expect(preview.text).toContain(paused)
      await telegram.press(chat, ':confirm')
      const done = await telegram.nthText(chat, 6)
      expect(done).toMatch(/^✅ Your payout request has been received/)
      expect(done).toContain(paused)
    } finally {
      await api.operator('POST', '/v1/programs/chetup/payouts/resume', { reason: 'bank_issue' })
    }
  })

  it.each(['ru', 'kk'] as const)(
    'a payout held for review: /earnings and /payout say it is under review and why, and promise no date (%s)',
    async (language) => {
      const t = i18n.t(language)
      const { chat, id } = await partner(language, '500.00') // 50.00 USD
      const r = await api.requestPayout(
        id,
        { program: 'jqsee', method: 'paypal', amount: '20.00', details: { email: `r${chat}@example.com` } },
        `review-${chat}`,
      )
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      const held = await api.operator('POST', `/v1/payouts/${r.body.payout.id}/hold`, { reason: 'traffic_check' })
      expect(held.status, JSON.stringify(held.body)).toBe(200)
      const twenty = amountText(language, '20.00', 'USD')
      const why = t('reasons.traffic_check' as 'reasons.review')
      const seen = telegram.calls.length
      await telegram.sendText(chat, '/earnings')
      const summary = await vi.waitUntil(() => {
        const text = (x: { payload: Record<string, unknown> }) => String(x.payload.caption ?? x.payload.text)
        const c = telegram.calls
          .slice(seen)
          .find(
            (x) =>
              ['sendPhoto', 'sendMessage'].includes(x.method) &&
              Number(x.payload.chat_id) === chat &&
              text(x).startsWith('📊'),
          )
        return c && text(c)
      })
      expect(summary).toContain(t('earnings.payout_review', { amount: twenty, reasons: why }))
      expect(summary).not.toContain(t('earnings.in_payout', { amount: twenty }))
      // the hold's own notice comes from a worker: once it is in, the next message is the answer to /payout
      await vi.waitUntil(() => telegram.textsTo(chat).some((x) => x.startsWith('🔎')), { timeout: 5000 })
      const before = telegram.textsTo(chat).length
      await telegram.sendText(chat, '/payout')
      // said, with no button to cancel it: the review decides it (cancelling and asking again would undo the hold)
      const told = await telegram.nthText(chat, before + 1)
      expect(told).toBe(t('payout.flow.under_review_kept', { amount: twenty, reason: why }))
      const message = telegram.calls.filter((c) => c.method === 'sendMessage' && c.payload.text === told).at(-1)
      expect(message?.payload.reply_markup).toBeUndefined()
      await telegram.sendText(chat, '/cancel')
    },
  )

  it.each(['en', 'lv'] as const)(
    'a program paid on request promises no payout unasked: /earnings says when a request made today is paid (%s)',
    async (language) => {
      const t = i18n.t(language)
      const { chat } = await partner(language) // 15.00 USD available, the minimum is 10.00
      const seen = telegram.calls.length
      await telegram.sendText(chat, '/earnings')
      const summary = await vi.waitUntil(() => {
        const c = telegram.calls
          .slice(seen)
          .find((x) => ['sendPhoto', 'sendMessage'].includes(x.method) && Number(x.payload.chat_id) === chat)
        return c && String(c.payload.caption ?? c.payload.text)
      })
      const line = summary.split('\n').find((l) => l.includes('/payout'))
      expect(line).toMatch(
        new RegExp(
          `^${t('earnings.next_payout_on_request', { date: 'DATE' })
            .split('DATE')[0]!
            .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`,
        ),
      )
      expect(summary).not.toContain(t('earnings.next_payout', { date: '' }).trim())
    },
  )

  it('Russian: a commission that lands between the preview and Confirm is not added to the request confirmed', async () => {
    const chat = 88_001
    telegram.languages.set(chat, 'ru')
    const r = await api.enrol('jqsee', { name: 'P', language: 'ru', legalType: 'individual', telegramId: chat })
    expect(r.status).toBe(201)
    const id = r.body.partner.id as string
    const code = r.body.codes[0].code as string
    const pay = (n: number, amount: string) =>
      api.postback('jqsee', {
        id: `pv-${n}`,
        type: 'payment',
        occurredAt: '2026-03-06T09:00:00Z',
        customer: `pv-c${n}`,
        ref: code,
        order: `pv-o${n}`,
        amount,
        currency: 'USD',
      })
    expect((await pay(1, '150.00')).status).toBe(201) // 15.00 USD available (jqsee: 10 %, no hold)
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, 'anna.preview@example.com')
    await telegram.keyboardAfter(chat, 4)
    await telegram.press(chat, ':all')
    const preview = await telegram.keyboardAfter(chat, 5)
    expect(preview.text).toContain('15,00 USD')
    expect(preview.text).not.toContain('25,00 USD')
    // meanwhile another sale with the code: 10.00 USD more becomes available
    expect((await pay(2, '100.00')).status).toBe(201)
    await telegram.press(chat, ':confirm')
    await telegram.nthText(chat, 6)
    const payouts = (await api.operator('GET', `/v1/partners/${id}/payouts`)).body.payouts
    // the partner confirmed 15,00 USD
    expect(payouts.map((p: { gross: string }) => p.gross)).toEqual(['15.00'])
  })
})
