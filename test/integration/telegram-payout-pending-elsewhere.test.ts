import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * /payout of a partner with money in jqsee and an application to worksection-partner the company has not decided yet:
 * jqsee is offered as before, and worksection-partner is named with the words /payout uses when the application is
 * the partner's only program (awaiting approval, payouts possible once approved), not silently left out. The same
 * payout flow entered from /settings (payment details, a method's button) names it too.
 */
describe('telegram /payout with an application pending in another program', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 8_970
  /**
   * A partner who applied to worksection-partner through the bot, then joined jqsee and has `amount` of sales there
   * (and quantower with 100.00 USD of sales when `quantower`): the chat.
   */
  const partner = async (language: string, amount: string, quantower = false) => {
    const { chat, partner: id } = await applyThroughBot(api, telegram, ++tg, language)
    const body = { name: 'P', language, legalType: 'individual', telegramId: chat }
    const p = await api.enrolled('jqsee', body)
    expect(p.partner).toBe(id)
    await api.recorded('jqsee', {
      id: `ppe-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-10T09:00:00Z',
      customer: `ppe-${chat}`,
      ref: p.codes[0]!.code,
      order: `ppe-${chat}`,
      amount,
      currency: 'USD',
    })
    if (quantower) {
      const q = await api.enrolled('quantower', body)
      const event = { occurredAt: '2026-03-10T09:00:00Z', customer: `ppq-${chat}`, ref: q.codes[0]!.code }
      await api.recorded('quantower', { ...event, id: `ppq-${chat}-s`, type: 'signup', currency: 'USD' })
      await api.recorded('quantower', {
        ...{ ...event, id: `ppq-${chat}`, type: 'payment', order: `ppq-${chat}` },
        ...{ amount: '100.00', currency: 'USD' },
      })
    }
    // let any notice of the enrolments arrive before /payout
    await new Promise((r) => setTimeout(r, 300))
    return chat
  }

  it.each([
    [
      'en',
      "A payout is possible now only in JQSEE. In your other programs:\n\n📝 Worksection partner program: your application is awaiting the company's approval. Payouts become possible once it is approved; we will let you know.",
      'How would you like to be paid?',
    ],
    [
      'ru',
      'Сейчас выплата возможна только в программе JQSEE. В остальных программах:\n\n📝 Worksection (партнёрская): ваша заявка ожидает одобрения компании. Выплаты станут возможны после одобрения — мы вам сообщим.',
      'Как вы хотите получить выплату?',
    ],
  ])('%s: jqsee is offered, and worksection-partner named as awaiting approval', async (language, note, question) => {
    const chat = await partner(language, '150.00')
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    expect(await telegram.nthText(chat, seen + 1)).toBe(note)
    // then jqsee's payout goes on as before
    expect((await telegram.keyboardAfter(chat, seen + 2)).text).toBe(question)
  })

  it('ru: two programs can pay (jqsee, quantower): the question which one says the application waits', async () => {
    const chat = await partner('ru', '150.00', true)
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    const question = await telegram.keyboardAfter(chat, seen + 1)
    expect(question.text).toBe(
      '📝 Worksection (партнёрская): ваша заявка ожидает одобрения компании. Выплаты станут возможны после одобрения — мы вам сообщим.\n\nВ какой программе вы хотите запросить выплату?',
    )
    expect(question.buttons.map((b) => b.text)).toEqual(['JQSEE', 'Quantower'])
  })

  // /settings -> payment details -> a method's button enters the payout flow for the details only: it asked for the
  // PayPal address straight away, and the application awaiting approval was never said there
  it('lv: /settings -> payment details: the application named, then the PayPal address asked', async () => {
    const chat = await partner('lv', '150.00')
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, seen + 1)
    await telegram.press(chat, 'st:details')
    await telegram.keyboardAfter(chat, seen + 2)
    await telegram.press(chat, 'dt:paypal')
    expect(await telegram.nthText(chat, seen + 3)).toBe(
      '📝 Worksection (partneru): jūsu pieteikums gaida uzņēmuma apstiprinājumu. Izmaksas būs iespējamas pēc apstiprināšanas; mēs jums paziņosim.',
    )
    expect(await telegram.nthText(chat, seen + 4)).toBe(
      'Nosūtiet sava PayPal konta e-pasta adresi. Tiklīdz tā būs saglabāta, izdzēsīšu jūsu ziņu no tērzēšanas.',
    )
  })

  it('en: nothing payable in jqsee yet (below its minimum): its reason under its name, then the application', async () => {
    const chat = await partner('en', '50.00')
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    const text = await telegram.nthText(chat, seen + 1)
    expect(text).toMatch(/^[^\n]+\n\nJQSEE\n• .*10\.00/)
    expect(text).toMatch(
      /\n\n📝 Worksection partner program: your application is awaiting the company's approval\.[^\n]*$/,
    )
  })
})
