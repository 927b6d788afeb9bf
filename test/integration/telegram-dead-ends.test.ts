import { sign } from '@telegram-apps/init-data-node'
import { beforeAll, describe, expect, it } from 'vitest'
import { amountText } from '../../bots/i18n/format.ts'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { longDate } from '../../bots/telegram/format.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * Issue 18, items 9-13: conversations without dead ends, in the real bot against the fake Bot API and a real
 * database. Each defect is checked in two languages; the texts come from the locales, so a missing key fails.
 */
describe('telegram: conversations without dead ends', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  const i18n = createI18n()
  const tr = (language: string) => i18n.t(language as Language)
  /** An amount as the bot writes it in `language` (12,00 USD in ru and lv). */
  const money = (language: string, value: string, currency = 'USD') => amountText(language, value, currency)

  let tg = 18_900
  /** A newcomer in `language` who opened jqsee's join and accepted its terms: the chat and the question after. */
  async function joining(language: string) {
    const t = tr(language)
    const chat = ++tg
    telegram.languages.set(chat, language)
    await telegram.sendText(chat, '/start jqsee')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    const question = await telegram.keyboardAfter(chat, 2)
    return { t, chat, question }
  }
  /** A partner of `program` in chat `chat`, with the given payments (each a commission) made `at`. */
  async function partner(
    program: string,
    language: string,
    payments: string[] = [],
    extra: object = {},
    at = '2026-03-06T09:00:00Z',
  ) {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const r = await api.enrol(program, { name: 'P', language, legalType: 'individual', telegramId: chat, ...extra })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const id = r.body.partner.id as string
    const codes = r.body.codes as { code: string; campaign?: string }[]
    let n = 0
    for (const amount of payments) {
      const ref = `${id}-${++n}`
      const event =
        program === 'chetup'
          ? { campaign: 'cafe-sale', currency: 'GEL', country: 'GE', ref: codes[0]!.code }
          : { currency: 'USD', ref: codes[0]!.code }
      if (program === 'quantower') {
        const signup = { id: `${ref}-s`, type: 'signup', occurredAt: '2026-03-06T08:00:00Z', customer: ref, ...event }
        expect((await api.postback(program, signup)).status).toBe(201)
      }
      const posted = await api.postback(program, {
        id: ref,
        type: 'payment',
        occurredAt: at,
        customer: ref,
        order: `o-${n}-${chat}`,
        amount,
        ...event,
      })
      expect(posted.status, JSON.stringify(posted.body)).toBe(201)
    }
    return { chat, id }
  }
  const sent = (chat: number, method: string) =>
    telegram.calls.filter((c) => c.method === method && Number(c.payload.chat_id) === chat)

  describe('item 9: /payout checks what can be paid before asking for anything', () => {
    it.each(['en', 'ru'])('below the minimum (%s): says why at once, asks nothing', async (language) => {
      const t = tr(language)
      const { chat } = await partner('jqsee', language, ['50.00']) // 5.00 USD, the minimum is 10.00
      await telegram.sendText(chat, '/payout')
      const text = await telegram.nthText(chat, 1)
      const lines = text.split('\n')
      expect(lines[0]).toBe(t('payout.flow.nothing_payable'))
      expect(lines[1]).toContain(money(language, '10.00'))
      expect(lines[1]).toContain(money(language, '5.00'))
      // bank and PayPal fail for the same reason: said once
      expect(lines).toHaveLength(2)
      expect(telegram.lastKeyboard(chat)).toBeUndefined()
      await new Promise((r) => setTimeout(r, 200))
      expect(telegram.textsTo(chat)).toHaveLength(1)
      // the flow is over: text now is not taken as anything of a payout
      await telegram.sendText(chat, 'DE89 3704 0044 0532 0130 00')
      expect(await telegram.nthText(chat, 2)).toBe(t('unhandled.text'))
    })

    it.each(['en', 'ru'])(
      'quantower below its minimum (%s): licences, which have none, are offered',
      async (language) => {
        const t = tr(language)
        const { chat } = await partner('quantower', language, ['100.00']) // 20.00 USD, the minimum is 50.00
        await telegram.sendText(chat, '/payout')
        const note = await telegram.nthText(chat, 1)
        const method = (m: string) => t(`payout.method.${m}` as 'payout.method.bank')
        expect(note).toContain(t('payout.flow.method_only', { method: method('licences') }))
        expect(note.split('\n').filter((l) => l.includes(money(language, '50.00')))).toHaveLength(2) // bank, PayPal
        expect(note).toContain(method('bank'))
        // no question of methods or details: straight to the amount, all of it available as licences
        const amount = await telegram.keyboardAfter(chat, 2)
        expect(amount.text).toBe(t('payout.flow.choose_amount', { available: money(language, '20.00') }))
        await telegram.press(chat, ':all')
        const preview = await telegram.keyboardAfter(chat, 3)
        expect(preview.text).toContain(t('payout.flow.line_credit', { amount: money(language, '20.00') }))
      },
    )

    it.each(['en', 'ru'])('two programs, one payable (%s): it is named, and why the other is not', async (language) => {
      const t = tr(language)
      const { chat } = await partner('quantower', language, ['100.00']) // 20.00 USD: licences only
      const joined = await api.enrol('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
      expect(joined.status, JSON.stringify(joined.body)).toBe(201)
      await telegram.sendText(chat, '/payout')
      const lines = (await telegram.nthText(chat, 1)).split('\n')
      const names = (await api.operator('GET', '/v1/programs')).body.programs as {
        key: string
        name: string
        names?: Record<string, string>
      }[]
      const name = (key: string) => {
        const def = names.find((p) => p.key === key)!
        return def.names?.[language] ?? def.name
      }
      expect(lines[0]).toBe(t('payout.flow.only_program', { program: name('quantower') }))
      expect(lines.slice(1, 3)).toEqual(['', name('jqsee')])
      expect(lines[3]).toMatch(/^• /)
      // then the chosen program's methods, as before
      const note = await telegram.nthText(chat, 2)
      expect(note).toContain(t('payout.flow.method_only', { method: t('payout.method.licences') }))
    })

    it.each(['en', 'ru'])('two programs, neither payable (%s): each reason under its program', async (language) => {
      const t = tr(language)
      const { chat } = await partner('jqsee', language, ['50.00']) // 5.00 USD, the minimum is 10.00
      const again = { name: 'P', language, legalType: 'individual', telegramId: chat }
      const joined = await api.enrol('chetup', again)
      expect(joined.status, JSON.stringify(joined.body)).toBe(201)
      await telegram.sendText(chat, '/payout')
      const lines = (await telegram.nthText(chat, 1)).split('\n')
      expect(lines[0]).toBe(t('payout.flow.nothing_payable'))
      const names = await api.operator('GET', '/v1/programs')
      const name = (key: string) => {
        const def = names.body.programs.find((p: { key: string }) => p.key === key)
        return def.names?.[language] ?? def.name
      }
      const jqsee = lines.indexOf(name('jqsee'))
      const chetup = lines.indexOf(name('chetup'))
      expect(jqsee, lines.join('\n')).toBeGreaterThan(1)
      expect(chetup, lines.join('\n')).toBeGreaterThan(1)
      // each program's reasons are bullets of their own: no name, colon and sentence on one line
      expect(lines[jqsee + 1]).toMatch(/^• /)
      expect(lines[jqsee + 1]).toContain(money(language, '10.00'))
      expect(lines[chetup + 1]).toMatch(/^• /)
      expect([lines[jqsee - 1], lines[chetup - 1]]).toEqual(['', ''])
      expect(lines.filter((l) => l.startsWith('• ')).every((l) => !l.includes(': '))).toBe(true)
    })
  })

  describe('item 10: the third wrong entry ends the flow and says so', () => {
    it.each(['en', 'kk'])('three refused amounts (%s)', async (language) => {
      const t = tr(language)
      const { chat } = await partner('jqsee', language, ['150.00'])
      await telegram.sendText(chat, '/payout')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':paypal')
      await telegram.nthText(chat, 2)
      await telegram.sendText(chat, `p${chat}@example.com`)
      await telegram.keyboardAfter(chat, 4)
      await telegram.press(chat, ':other')
      await telegram.nthText(chat, 5)
      await telegram.sendText(chat, '5')
      await telegram.nthText(chat, 7) // the reason, asked again
      await telegram.sendText(chat, '5')
      await telegram.nthText(chat, 9)
      await telegram.sendText(chat, '5')
      const last = await telegram.nthText(chat, 10)
      expect(last.endsWith(`\n\n${t('payout.flow.gave_up')}`)).toBe(true)
      await telegram.sendText(chat, '12')
      expect(await telegram.nthText(chat, 11)).toBe(t('unhandled.text'))
      const payouts = await api.operator('GET', `/v1/partners/${await idOf(chat)}/payouts`)
      expect(payouts.body.payouts).toEqual([])
    })

    it.each(['en', 'ka'])('three refused payment details (%s)', async (language) => {
      const t = tr(language)
      const { chat } = await partner('jqsee', language, ['150.00'])
      await telegram.sendText(chat, '/payout')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':paypal')
      await telegram.nthText(chat, 2)
      for (let i = 0; i < 3; i++) {
        await telegram.sendText(chat, 'not an e-mail')
        await telegram.nthText(chat, 3 + 2 * i)
      }
      const last = telegram.textsTo(chat)[6]!
      expect(last.endsWith(`\n\n${t('payout.flow.gave_up')}`)).toBe(true)
      await new Promise((r) => setTimeout(r, 200))
      expect(telegram.textsTo(chat)).toHaveLength(7) // not asked a fourth time
      expect(sent(chat, 'deleteMessage')).toHaveLength(3)
    })
  })

  async function idOf(chat: number) {
    const p = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: BigInt(chat) } })
    return p.id
  }

  describe('item 11: commands in a flow behave the same in every flow', () => {
    it.each(['en', 'ru'])(
      '/help is answered in a join and in a payout, and each flow goes on (%s)',
      async (language) => {
        const t = tr(language)
        const chat = ++tg
        telegram.languages.set(chat, language)
        await telegram.sendText(chat, '/start jqsee')
        await telegram.keyboardAfter(chat, 1)
        await telegram.sendText(chat, '/help')
        expect(await telegram.nthText(chat, 2)).toBe(t('help.text'))
        expect(await telegram.nthText(chat, 3)).toBe(t('flows.waiting.join'))
        await telegram.press(chat, ':accept') // the join's question still answers
        expect((await telegram.keyboardAfter(chat, 4)).text).toBe(t('join.legal_type'))
        await telegram.sendText(chat, '/cancel')
        expect(await telegram.nthText(chat, 5)).toBe(t('flows.cancelled.join'))

        const p = await partner('jqsee', language, ['150.00'])
        await telegram.sendText(p.chat, '/payout')
        const methods = await telegram.keyboardAfter(p.chat, 1)
        await telegram.sendText(p.chat, '/help')
        expect(await telegram.nthText(p.chat, 2)).toBe(t('help.text'))
        expect(await telegram.nthText(p.chat, 3)).toBe(t('flows.waiting.payout'))
        await telegram.sendText(p.chat, '/earnings')
        await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === p.chat)
        expect(await telegram.nthText(p.chat, 4)).toBe(t('flows.waiting.payout'))
        // the question's own buttons (the /earnings chart below it carries one of its own)
        const paypal = methods.buttons.find((b) => b.data.endsWith(':paypal'))!
        await telegram.pressButton(p.chat, methods.message_id, paypal.data)
        expect(await telegram.nthText(p.chat, 5)).toBe(t('payout.flow.ask_email'))
      },
    )

    it.each(['en', 'lv'])(
      '/cancel of a join speaks of the join and takes its buttons away; old buttons answer (%s)',
      async (language) => {
        const { t, chat, question } = await joining(language)
        await telegram.sendText(chat, '/cancel')
        expect(await telegram.nthText(chat, 3)).toBe(t('flows.cancelled.join'))
        expect(t('flows.cancelled.join')).not.toBe(t('payout.flow.cancelled'))
        // the question's buttons are gone
        expect(telegram.messages.get(`${chat}:${question.message_id}`).reply_markup).toBeUndefined()
        // a button kept from before (a second device) is answered in an alert that says how to join again, and its
        // keyboard removed
        const before = telegram.calls.length
        await telegram.pressButton(chat, question.message_id, question.buttons[0]!.data)
        const answer = await telegram.waitForCall('answerCallbackQuery', undefined, 5000, before)
        expect(answer.payload).toMatchObject({ text: t('flows.over.join'), show_alert: true })
        await telegram.waitForCall(
          'editMessageReplyMarkup',
          (c) => c.payload.message_id === question.message_id,
          5000,
          before,
        )
      },
    )

    it.each(['en', 'lv'])('/cancel of a dispute speaks of the dispute, not of a payout (%s)', async (language) => {
      const t = tr(language)
      const p = await partner('jqsee', language, ['150.00'])
      await telegram.sendText(p.chat, '/dispute')
      const question = await telegram.keyboardAfter(p.chat, 1)
      await telegram.sendText(p.chat, '/cancel')
      expect(await telegram.nthText(p.chat, 2)).toBe(t('disputes.flow.cancelled'))
      expect(t('disputes.flow.cancelled')).not.toBe(t('payout.flow.cancelled'))
      await waitFor(() =>
        telegram.messages.get(`${p.chat}:${question.message_id}`).reply_markup === undefined ? true : undefined,
      )
      await telegram.sendText(p.chat, '/cancel')
      expect(await telegram.nthText(p.chat, 3)).toBe(t('cancel.nothing'))
    })

    it.each(['en', 'ru'])(
      '/payout in the middle of a join ends the join visibly and starts the payout (%s)',
      async (language) => {
        const t = tr(language)
        const p = await partner('jqsee', language, ['150.00'])
        await telegram.sendText(p.chat, '/start chetup')
        const terms = await telegram.keyboardAfter(p.chat, 1)
        await telegram.sendText(p.chat, '/payout')
        const texts = await waitFor(() => (telegram.textsTo(p.chat).length >= 3 ? telegram.textsTo(p.chat) : undefined))
        expect(texts.at(-2)).toBe(t('flows.cancelled.join'))
        expect(texts.at(-1)).toBe(t('payout.flow.choose_method'))
        expect(telegram.messages.get(`${p.chat}:${terms.message_id}`).reply_markup).toBeUndefined()
      },
    )
  })

  describe('item 12: every choice leaves a trace, and strangers are shown the way in', () => {
    it.each(['en', 'ka'])(
      'a pressed choice stays in the chat; a wrong country code gets a hint (%s)',
      async (language) => {
        const { t, chat, question: legal } = await joining(language)
        await telegram.press(chat, ':company')
        await telegram.keyboardAfter(chat, 3)
        const shown = telegram.messages.get(`${chat}:${legal.message_id}`)
        expect(shown.text).toBe(`${t('join.legal_type')}\n\n✔️ ${t('join.company')}`)
        expect(shown.reply_markup).toBeUndefined()
        await telegram.press(chat, ':other')
        expect(await telegram.nthText(chat, 4)).toBe(t('join.country_code'))
        await telegram.sendText(chat, 'xx')
        expect(await telegram.nthText(chat, 5)).toBe(t('join.country_code_invalid', { code: 'XX' }))
        await telegram.sendText(chat, 'de')
        expect(await telegram.nthText(chat, 6)).toMatch(/JQSEE/)
        const p = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: BigInt(chat) } })
        expect(p.country).toBe('DE')
      },
    )

    it.each(['en', 'ru'])(
      'a stranger: /earnings, /link, /terms show the way in; /start lists the programs (%s)',
      async (language) => {
        const t = tr(language)
        const chat = ++tg
        telegram.languages.set(chat, language)
        for (const [i, command] of ['/earnings', '/link', '/terms', '/settings'].entries()) {
          await telegram.sendText(chat, command)
          expect(await telegram.nthText(chat, i + 1)).toBe(t('start.not_partner'))
        }
        await telegram.sendText(chat, '/start')
        const start = await telegram.nthText(chat, 5)
        expect(start).toContain(t('start.programs'))
        expect(start).toContain('• JQSEE: https://t.me/test_bot?start=jqsee')
        expect(start).toContain('https://t.me/test_bot?start=melbet')
        expect(start).toContain(t('start.how_to_join'))
        // a partner sees their own programs named, and the others to join
        const p = await partner('jqsee', language)
        await telegram.sendText(p.chat, '/start')
        const mine = await telegram.nthText(p.chat, 1)
        expect(mine).toContain(t('start.your_programs', { programs: 'JQSEE' }))
        expect(mine).toContain(t('start.more_programs'))
        expect(mine).not.toContain('?start=jqsee')
      },
    )

    it.each([
      ['en', 'ru'],
      ['ru', 'lv'],
    ])('/language before joining (%s -> %s) is kept, and the join takes it over', async (app, chosen) => {
      const chat = ++tg
      telegram.languages.set(chat, app)
      await telegram.sendText(chat, '/language')
      const choice = await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, `lang:${chosen}`)
      const edited = await telegram.waitForCall(
        'editMessageText',
        (c) => Number(c.payload.chat_id) === chat && c.payload.message_id === choice.message_id,
      )
      expect(edited.payload.text).toBe(tr(chosen)('language.changed'))
      await telegram.sendText(chat, '/help')
      expect(await telegram.nthText(chat, 2)).toBe(tr(chosen)('help.text'))
      await telegram.sendText(chat, '/start jqsee')
      await telegram.keyboardAfter(chat, 3)
      await telegram.press(chat, ':accept')
      await telegram.keyboardAfter(chat, 4)
      await telegram.press(chat, ':individual')
      await telegram.keyboardAfter(chat, 5)
      await telegram.press(chat, ':other')
      await telegram.nthText(chat, 6)
      await telegram.sendText(chat, 'LV')
      await telegram.nthText(chat, 7)
      const p = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: BigInt(chat) } })
      expect(p.language).toBe(chosen)
    })

    it.each(['en', 'kk'])('Settings -> Language shows the choice (%s)', async (language) => {
      const t = tr(language)
      const p = await partner('jqsee', language)
      await telegram.sendText(p.chat, '/settings')
      await telegram.keyboardAfter(p.chat, 1)
      await telegram.press(p.chat, 'st:language')
      const choice = await telegram.keyboardAfter(p.chat, 2)
      expect(choice.text).toBe(t('language.choose'))
      expect(choice.buttons.map((b) => b.data)).toEqual(['lang:en', 'lang:ru', 'lang:kk', 'lang:ka', 'lang:lv'])
    })
  })

  describe('item 13: figures that add up, and the item a dispute is about', () => {
    /** /earnings' summary: the chart's caption, or a message of its own when there is nothing to chart yet. */
    const summaryOf = async (chat: number) => {
      const text = (c: { payload: Record<string, unknown> }) => String(c.payload.caption ?? c.payload.text)
      const call = await waitFor(() =>
        telegram.calls.find(
          (c) =>
            ['sendPhoto', 'sendMessage'].includes(c.method) &&
            Number(c.payload.chat_id) === chat &&
            text(c).startsWith('📊'),
        ),
      )
      return text(call)
    }

    it.each(['en', 'lv'])('/earnings counts what is in payout and on hold (%s)', async (language) => {
      const t = tr(language)
      const paid = await partner('jqsee', language, ['480.00']) // 48.00 USD
      const r = await api.requestPayout(
        paid.id,
        { program: 'jqsee', method: 'paypal', details: { email: `x${paid.chat}@example.com` } },
        `k-${paid.chat}`,
      )
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      await telegram.sendText(paid.chat, '/earnings')
      const inPayout = await summaryOf(paid.chat)
      const ten = money(language, '10.00')
      // all of it is in the payout and nothing more is coming: no minimum for a further request is said (under the
      // payout's date it read as if the payout itself lacked it)
      for (const key of ['earnings.missing', 'earnings.missing_next', 'earnings.missing_next_request'] as const)
        expect(inPayout).not.toContain(t(key, { amount: ten, minimum: ten }))

      const held = await partner('chetup', language, ['1000.00'], { campaigns: ['cafe-sale'] }) // 100.00 GEL on hold
      await telegram.sendText(held.chat, '/earnings')
      const onHold = await summaryOf(held.chat)
      const hundred = money(language, '100.00', 'GEL')
      expect(onHold).toContain(t('earnings.missing_on_hold', { minimum: hundred }))
      expect(onHold).not.toContain(t('earnings.missing', { amount: hundred, minimum: hundred }))
    })

    it.each(['lv', 'ru'])('the deletion warning names the money given up (%s)', async (language) => {
      const t = tr(language)
      const p = await partner('jqsee', language, ['150.00'])
      await telegram.sendText(p.chat, '/settings')
      await telegram.keyboardAfter(p.chat, 1)
      await telegram.press(p.chat, 'st:erase')
      const warning = await telegram.keyboardAfter(p.chat, 2)
      expect(warning.text.split('\n').slice(0, 2)).toEqual([
        t('settings.erase_money'),
        t('settings.erase_money_line', { program: 'JQSEE', amount: money(language, '15.00') }),
      ])
      expect(warning.text.endsWith(t('settings.erase_confirm'))).toBe(true)
    })

    it.each(['en', 'ru'])(
      'two alike commissions are told apart by their order, and the dispute shows its item (%s)',
      async (language) => {
        const t = tr(language)
        const p = await partner('jqsee', language, ['120.00', '120.00'])
        await telegram.sendText(p.chat, '/dispute')
        await telegram.keyboardAfter(p.chat, 1)
        await telegram.press(p.chat, ':commission')
        const picker = await telegram.keyboardAfter(p.chat, 2)
        const labels = picker.buttons.map((b) => b.text)
        expect(labels).toHaveLength(2)
        expect(new Set(labels).size).toBe(2)
        // each named by its order (both were paid at the same moment: no order between them to rely on)
        for (const n of [1, 2])
          expect(
            labels.some((l) => l.startsWith(`${t('disputes.item.order', { order: `o-${n}-${p.chat}` })} · `)),
            labels.join(' | '),
          ).toBe(true)
        expect(labels.every((l) => l.includes(money(language, '12.00')))).toBe(true)
        await telegram.pressButton(p.chat, picker.message_id, picker.buttons[0]!.data)
        await telegram.nthText(p.chat, 3)
        await telegram.sendText(p.chat, 'This commission should be higher.')
        await telegram.keyboardAfter(p.chat, 4)
        await telegram.press(p.chat, ':send')
        await telegram.nthText(p.chat, 5)
        await telegram.sendText(p.chat, '/dispute')
        await telegram.keyboardAfter(p.chat, 6)
        const dispute = await api.service.db.prisma.dispute.findFirstOrThrow({ where: { partnerId: p.id } })
        await telegram.press(p.chat, `dsp:view:${dispute.number}`)
        const view = await telegram.keyboardAfter(p.chat, 7)
        expect(view.text).toContain(t('disputes.view.item', { item: labels[0]! }).slice(0, 40))
        // the pressed item's own order
        expect(view.text).toContain(labels[0]!.split(' · ')[0]!.split(' ').at(-1)!)
      },
    )

    it.each(['ru', 'ka'])(
      'a decided dispute says when and why in its view, and no answer date (%s)',
      async (language) => {
        const t = tr(language)
        const p = await partner('jqsee', language)
        const opened = await api.service.core.disputes.open({
          partnerId: p.id,
          programKey: 'jqsee',
          subject: 'other',
          text: 'Why?',
          attachments: [],
          source: 'telegram',
          sourceRef: `${p.chat}:1`,
          enrolledPrograms: ['jqsee'],
        })
        await api.service.core.disputes.resolve({
          disputeId: opened.id,
          actor: 'slack:U0SUPPORT',
          outcome: 'rejected',
          reason: 'no_evidence',
          note: 'No screenshot arrived.',
        })
        const { number } = await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: opened.id } })
        // the decision's notice first (a job): the view is read after it
        await waitFor(() => telegram.textsTo(p.chat).find((x) => x.startsWith('❌')))
        const before = telegram.textsTo(p.chat).length
        await telegram.sendText(p.chat, '/dispute')
        await telegram.keyboardAfter(p.chat, before + 1)
        await telegram.press(p.chat, `dsp:view:${number}`)
        const view = await waitFor(() =>
          telegram
            .textsTo(p.chat)
            .find((x) =>
              x.startsWith(
                t('disputes.view.title', { number, program: 'JQSEE', subject: t('disputes.subject.other') }),
              ),
            ),
        )
        expect(view).toContain(
          t('disputes.view.decided', {
            status: t('disputes.status.rejected'),
            date: longDate(api.clock.now(), language, 'Europe/Kyiv'),
            reason: t('disputes.reason.no_evidence'),
          }),
        )
        expect(view).toContain(t('disputes.notify.note', { note: 'No screenshot arrived.' }))
        const { answerBy } = await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: opened.id } })
        expect(view).not.toContain(longDate(answerBy, language, 'Europe/Kyiv'))
      },
    )

    it.each(['kk', 'en'])(
      'an older list’s button pressed while a new dispute waits for its text is answered, not swallowed (%s)',
      async (language) => {
        const t = tr(language)
        const p = await partner('jqsee', language)
        await api.service.core.disputes.open({
          partnerId: p.id,
          programKey: 'jqsee',
          subject: 'other',
          text: 'First case',
          attachments: [],
          source: 'telegram',
          sourceRef: `${p.chat}:1`,
          enrolledPrograms: ['jqsee'],
        })
        await telegram.sendText(p.chat, '/dispute')
        const list = await telegram.keyboardAfter(p.chat, 1)
        const view = list.buttons.find((b) => b.data.startsWith('dsp:view'))!
        await telegram.press(p.chat, 'dsp:new')
        await telegram.nthText(p.chat, 2) // nothing of the partner's to dispute: a question for support
        await telegram.nthText(p.chat, 3) // the new dispute waits for its text
        const id = await telegram.pressButton(p.chat, list.message_id, view.data)
        const answer = await waitFor(() =>
          telegram.calls.find((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id),
        )
        expect(answer.payload).toMatchObject({ text: t('flows.expired'), show_alert: true })
        await new Promise((r) => setTimeout(r, 200))
        expect(telegram.textsTo(p.chat).at(-1)).not.toBe(t('disputes.flow.text_or_files'))
      },
    )
  })

  it.each(['ru', 'ka'])(
    '%s: /dispute while /payout waits for payment details: the dispute gets its text, never the details intake',
    async (language) => {
      const t = tr(language)
      const { chat } = await partner('jqsee', language, ['150.00'])
      await telegram.sendText(chat, '/payout')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':paypal')
      expect(await telegram.nthText(chat, 2)).toBe(t('payout.flow.ask_email'))
      // the partner changes their mind: a dispute instead
      await telegram.sendText(chat, '/dispute')
      expect(await telegram.nthText(chat, 3)).toBe(t('payout.flow.cancelled'))
      const about = await telegram.keyboardAfter(chat, 4)
      expect(about.text).toBe(t('disputes.flow.what_about'))
      await telegram.press(chat, ':other')
      expect(await telegram.nthText(chat, 5)).toBe(t('disputes.flow.describe'))
      const deletedBefore = telegram.calls.filter((c) => c.method === 'deleteMessage').length
      await telegram.sendText(chat, 'Where is my bonus for March?')
      const next = await telegram.nthText(chat, 6)
      // the dispute asks for more or Send; the message stays in the chat
      expect(next).toBe(t('disputes.flow.more'))
      expect(telegram.calls.filter((c) => c.method === 'deleteMessage').length).toBe(deletedBefore)
    },
  )

  it.each(['ru', 'lv'])(
    '%s: /dispute names a commission by the date of its sale, as the statement does (reported 5 days late)',
    async (language) => {
      const { chat } = await partner('jqsee', language, ['150.00'], {}, '2026-03-01T09:00:00Z')
      const sale = longDate('2026-03-01T09:00:00Z', language, 'Europe/Kyiv')
      const recorded = longDate('2026-03-06T10:00:00Z', language, 'Europe/Kyiv')

      // the Mini App statement: the line is of 1 March
      const tma = `tma ${sign({ user: { id: chat, first_name: 'P' }, chat_type: 'sender', chat_instance: '1' }, TEST_TOKEN, api.clock.now())}`
      const st = await fetch(`${api.base}/app/api/statement?program=jqsee`, { headers: { authorization: tma } })
      const lines = (await st.json()).lines as { date: string }[]
      expect(lines.map((l) => l.date)).toEqual(['2026-03-01'])

      // the bot's dispute picker names the same commission
      await telegram.sendText(chat, '/dispute')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':commission')
      const picker = await telegram.keyboardAfter(chat, 2)
      const label = picker.buttons[0]!.text
      expect(label, label).not.toContain(recorded)
      expect(label).toContain(sale)
    },
  )

  it.each(['ru', 'lv'])(
    '%s: the join link of a program they left says the agreement ended, not that they are a partner',
    async (language) => {
      const t = tr(language)
      const chat = language === 'ru' ? 88_501 : 88_502
      telegram.languages.set(chat, language)
      await api.enrolled('worksection-referral', { name: 'P', language, legalType: 'individual', telegramId: chat })
      await telegram.sendText(chat, '/settings')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, 'st:leave')
      await telegram.keyboardAfter(chat, 2)
      await telegram.press(chat, 'lp:ask:worksection-referral')
      await telegram.keyboardAfter(chat, 3)
      await telegram.press(chat, 'lp:yes:worksection-referral')
      await telegram.nthText(chat, 4) // "You left Worksection (referral) ..."
      const program = language === 'ru' ? 'Worksection (реферальная)' : 'Worksection (ieteikumu)'
      await telegram.sendText(chat, '/link')
      expect(await telegram.nthText(chat, 5)).toBe(t('link.ended', { program }))
      await telegram.sendText(chat, '/start worksection-referral')
      const answer = await telegram.nthText(chat, 6)
      expect(answer).toBe(t('join.ended', { program }))
    },
  )

  it.each(['ru', 'kk'])(
    '%s: a dispute text past its limit is refused as it is written, and what fits is kept for Send',
    async (language) => {
      const t = tr(language)
      const { chat, id } = await partner('jqsee', language)
      await telegram.sendText(chat, '/dispute')
      expect(await telegram.nthText(chat, 1)).toBe(t('disputes.flow.nothing_to_dispute', { program: 'JQSEE' }))
      expect(await telegram.nthText(chat, 2)).toBe(t('disputes.flow.describe'))
      const part = 'Я не получил вознаграждение за заказы клиентов, которых привёл в феврале. '.repeat(27) // ~2,000 chars
      expect(part.length).toBeLessThan(4096) // one Telegram message
      await telegram.sendText(chat, part)
      expect(await telegram.nthText(chat, 3)).toBe(t('disputes.flow.more'))
      // two of them pass the 3,500 characters a dispute takes: the second is refused at once, the first kept
      await telegram.sendText(chat, part)
      const refused = await telegram.nthText(chat, 4)
      expect(refused).toContain('3500')
      expect(refused).not.toBe(t('disputes.flow.more_added', { count: 2 }))
      await telegram.press(chat, ':send')
      await telegram.nthText(chat, 5)
      const disputes = await api.service.db.prisma.dispute.findMany({ where: { partnerId: id } })
      expect(disputes).toHaveLength(1)
    },
  )

  it('join in Russian, /language -> English midway: the join ends, said in English, and starts again in English', async () => {
    const en = tr('en')
    const ru = tr('ru')
    const chat = 88_201
    telegram.languages.set(chat, 'ru')
    await telegram.sendText(chat, '/start jqsee')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    expect((await telegram.keyboardAfter(chat, 2)).text).toBe(ru('join.legal_type'))
    await telegram.sendText(chat, '/language')
    const choose = await telegram.keyboardAfter(chat, 4) // the choice, then "the join still waits"
    expect(choose.buttons.map((b) => b.data)).toContain('lang:en')
    const n = telegram.textsTo(chat).length
    await telegram.pressButton(chat, choose.message_id, 'lang:en')
    // the flow spoke Russian; it ends, said in English, and the join link starts it again in English
    expect(await telegram.nthText(chat, n + 1)).toBe(en('flows.cancelled.join'))
    await telegram.sendText(chat, '/start jqsee')
    const terms = await telegram.keyboardAfter(chat, n + 2)
    await telegram.press(chat, ':accept')
    expect((await telegram.keyboardAfter(chat, n + 3)).text).toBe(en('join.legal_type'))
    expect(terms.buttons.length).toBeGreaterThan(0)
  })
})
