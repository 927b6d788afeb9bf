import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * /payout of a partner in two programs, with money in jqsee and the account blocked in melbet: jqsee is offered as
 * before, and melbet is named with the words /payout uses when every program is blocked (payouts on hold until the
 * block is lifted, its end, its reason), not silently left out. The same payout flow entered from /settings (payment
 * details, a method's button) names it too.
 */
describe('telegram /payout with the account blocked in one of two programs', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 8950
  /**
   * A partner with `amount` of sales in jqsee, blocked in melbet for fraud (until `endsAt` when given), with `quantower`
   * 20.00 USD there as well (paid as licences): the chat.
   */
  const partner = async (language: string, amount: string, endsAt?: string, quantower = false) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const body = { name: 'P', language, legalType: 'individual', telegramId: chat }
    const p = await api.enrolled('jqsee', body)
    await api.recorded('jqsee', {
      id: `pbe-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-10T09:00:00Z',
      customer: `pbe-${chat}`,
      ref: p.codes[0]!.code,
      order: `pbe-${chat}`,
      amount,
      currency: 'USD',
    })
    if (quantower) {
      const q = await api.enrolled('quantower', body)
      const event = { occurredAt: '2026-03-10T09:00:00Z', customer: `pbq-${chat}`, ref: q.codes[0]!.code }
      await api.recorded('quantower', { ...event, id: `pbq-${chat}-s`, type: 'signup', currency: 'USD' })
      await api.recorded('quantower', {
        ...{ ...event, id: `pbq-${chat}`, type: 'payment', order: `pbq-${chat}` },
        ...{ amount: '100.00', currency: 'USD' },
      })
    }
    const m = await api.enrolled('melbet', body)
    expect(m.partner).toBe(p.partner)
    const r = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'melbet',
      kind: 'block',
      reason: 'fraud',
      ...(endsAt ? { endsAt } : {}),
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    // the block's own notice first
    await waitFor(() => (telegram.textsTo(chat).length >= 1 ? true : undefined), 10_000)
    return chat
  }

  it.each([
    [
      'en',
      'A payout is possible now only in JQSEE. In your other programs:\n\n⛔️ Melbet partners: your account is blocked, so your payouts are on hold until the block is lifted.\nThe block ends on March 20, 2026.\nReason: suspected fraud.',
      'How would you like to be paid?',
    ],
    [
      'ru',
      'Сейчас выплата возможна только в программе JQSEE. В остальных программах:\n\n⛔️ Melbet: ваш аккаунт заблокирован, поэтому выплаты приостановлены до снятия блокировки.\nДата снятия блокировки: 20 марта 2026 г.\nПричина: подозрение на мошенничество.',
      'Как вы хотите получить выплату?',
    ],
  ])('%s: jqsee is offered, and melbet named as blocked with the end and reason', async (language, note, question) => {
    const chat = await partner(language, '150.00', '2026-03-20T12:00:00Z')
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    expect(await telegram.nthText(chat, seen + 1)).toBe(note)
    // then jqsee's payout goes on as before
    expect((await telegram.keyboardAfter(chat, seen + 2)).text).toBe(question)
  })

  // /settings -> payment details -> a method's button enters the payout flow for the details only: it asked for the
  // IBAN straight away, and melbet's block (payouts on hold, its end, its reason) was never said there
  it.each([
    [
      'en',
      '⛔️ Melbet partners: your account is blocked, so your payouts are on hold until the block is lifted.\nThe block ends on March 20, 2026.\nReason: suspected fraud.',
      'Send your IBAN, for example GE29NB0000000101904917. I will delete your message from the chat once the details are saved.',
    ],
    [
      'ru',
      '⛔️ Melbet: ваш аккаунт заблокирован, поэтому выплаты приостановлены до снятия блокировки.\nДата снятия блокировки: 20 марта 2026 г.\nПричина: подозрение на мошенничество.',
      'Отправьте ваш IBAN, например GE29NB0000000101904917. Как только реквизиты будут сохранены, я удалю ваше сообщение из чата.',
    ],
  ])('%s: /settings -> payment details: melbet named as blocked, then the IBAN asked', async (language, note, ask) => {
    const chat = await partner(language, '150.00', '2026-03-20T12:00:00Z')
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, seen + 1)
    await telegram.press(chat, 'st:details')
    await telegram.keyboardAfter(chat, seen + 2)
    await telegram.press(chat, 'dt:bank')
    expect(await telegram.nthText(chat, seen + 3)).toBe(note)
    expect(await telegram.nthText(chat, seen + 4)).toBe(ask)
  })

  it('lv: nothing payable in jqsee yet (below its minimum), melbet blocked with no end: both said', async () => {
    const chat = await partner('lv', '50.00')
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    const text = await telegram.nthText(chat, seen + 1)
    // jqsee's reason under its name, as with several programs
    expect(text).toMatch(/^Izmaksa pašlaik nav iespējama:\n\nJQSEE\n• .*10,00 USD/)
    expect(text).toMatch(
      /\n\n⛔️ Melbet: jūsu konts ir bloķēts, tāpēc līdz bloķējuma atcelšanai izmaksas ir aizturētas\.\nIemesls: aizdomas par krāpšanu\.$/,
    )
  })

  it('kk: two programs can pay (jqsee, quantower): the question which one says melbet is blocked', async () => {
    const chat = await partner('kk', '150.00', '2026-03-20T12:00:00Z', true)
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    const question = await telegram.keyboardAfter(chat, seen + 1)
    expect(question.text).toBe(
      '⛔️ Melbet: аккаунтыңыз бұғатталған, сондықтан бұғаттау алынғанша төлемдер тоқтатылды.\nБұғаттаудың аяқталу күні: 2026 ж. 20 наурыз.\nСебебі: алаяқтыққа күдік.\n\nҚай бағдарламадан төлем алғыңыз келеді?',
    )
    expect(question.buttons.map((b) => b.text)).toEqual(['JQSEE', 'Quantower'])
  })
})
