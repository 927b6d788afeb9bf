import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * melbet pays only to payment details its manager agreed (seed 8.1). When the manager asks for other ones, the
 * partner is told "Please save other details with /payout". /payout then offered no way to: with nothing to pay yet
 * it said only why no payout is possible (the offer to enter details ahead was for a partner with none saved), and
 * with money it asked "Pay to GE•• •••• 4917?", the refused details, whose "Yes" ended in "not agreed yet". Refused
 * details are now no details to pay to: /payout asks for other ones.
 */
describe('telegram /payout after the manager refused the payment details', () => {
  const env = withTelegram('2026-08-03T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 9_420
  const IBAN = 'GE29NB0000000101904917'
  const OTHER = 'LV80BANK0000435195001'

  /** A melbet partner (with 5 players and 500.00 USD of revenue last week when `money`): partner id and chat. */
  const melbetPartner = async (language: string, money: boolean) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const registeredAt = '2026-01-10T12:00:00Z'
    const body = { name: `M${chat}`, language, legalType: 'individual', telegramId: chat, registeredAt }
    const { partner, codes } = await api.enrolled('melbet', body)
    const ref = codes[0]!.code
    if (money) {
      for (let i = 1; i <= 5; i++) {
        const customer = `${partner}-pl${i}`
        await api.recorded('melbet', { id: `${customer}-s`, type: 'signup', occurredAt: registeredAt, customer, ref })
        await api.recorded('melbet', {
          ...{ id: `${customer}-d`, type: 'first_deposit', occurredAt: registeredAt, customer },
          ...{ amount: '10.00', currency: 'USD' },
        })
      }
      await api.recorded('melbet', {
        ...{ id: `${partner}-r1`, type: 'revenue', occurredAt: '2026-07-29T12:00:00Z', customer: `${partner}-pl1` },
        ...{ order: `${partner}-o1`, amount: '500.00', currency: 'USD' },
      })
    }
    return { partner, chat }
  }

  /** The bot's messages to `chat` from the `n`th on, once there are `count` of them. */
  const texts = async (chat: number, n: number, count = 1) => {
    await waitFor(() => (telegram.textsTo(chat).length >= n + count - 1 ? true : undefined), 10_000)
    return telegram.textsTo(chat).slice(n - 1)
  }

  /** The partner's bank details saved through the bot, then refused by the manager (the partner is told): the chat. */
  const refused = async (language: string, money: boolean) => {
    const { partner, chat } = await melbetPartner(language, money)
    const payouts = api.service.core.payouts
    const details = await payouts.saveDetails({
      partnerId: partner,
      method: 'bank',
      details: { iban: IBAN },
      actor: 'telegram',
    })
    await payouts.decideDetails({
      ...{ partnerId: partner, programKey: 'melbet', detailsId: details.id },
      ...{ decision: 'ask_changes', reason: 'name_mismatch', actor: 'slack:UFINANCE' },
    })
    const [notice] = await texts(chat, 1)
    expect(notice).toMatch(/\/payout\.$/)
    return { partner, chat }
  }

  it.each([
    [
      'en',
      'Payouts by Bank transfer in Melbet partners go only to payment details agreed with your manager. You can enter yours now, so they are agreed before your next payout.',
      'Send your IBAN, for example GE29NB0000000101904917. I will delete your message from the chat once the details are saved.',
    ],
    [
      'ru',
      'Выплаты способом «Банковский перевод» в программе Melbet идут только на реквизиты, согласованные с вашим менеджером. Вы можете ввести их уже сейчас, чтобы их согласовали до следующей выплаты.',
      'Отправьте ваш IBAN, например GE29NB0000000101904917. Как только реквизиты будут сохранены, я удалю ваше сообщение из чата.',
    ],
  ])('%s: nothing to pay yet: /payout offers to enter other details, and saves them', async (language, offer, ask) => {
    const { partner, chat } = await refused(language, false)
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    // why no payout is possible, then the offer
    expect((await telegram.keyboardAfter(chat, seen + 2)).text).toBe(offer)
    await telegram.press(chat, ':enter')
    expect(await telegram.nthText(chat, seen + 3)).toBe(ask)
    await telegram.sendText(chat, OTHER)
    await telegram.nthText(chat, seen + 4)
    expect((await api.service.core.payouts.savedDetails(partner, 'bank'))?.mask).toMatch(/5001$/)
  })

  it('en: money to pay: /payout asks for other details, not "Pay to GE•• •••• 4917?"', async () => {
    const { chat } = await refused('en', true)
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    const [first] = await texts(chat, seen + 1)
    expect(first).toBe(
      'Send your IBAN, for example GE29NB0000000101904917. I will delete your message from the chat once the details are saved.',
    )
  })
})
