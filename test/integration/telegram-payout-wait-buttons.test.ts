import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { openOtherDispute } from '../helpers/dispute-flow.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * While /payout waits for typed text (the amount, or the PayPal e-mail), the partner taps a button of an earlier
 * message in the chat (here: "Dispute #1" under the /dispute list). Every other wait of every flow answers such a
 * press (design rule 3: no button is left spinning); these two only send a text and never answer the callback
 * query, so the partner's button keeps spinning.
 */
describe('telegram /payout: a button pressed while the flow waits for text is answered', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 783100
  /** A partner with money to pay and one dispute, whose bot's last message is the /dispute list (with its buttons). */
  const partner = async () => {
    const chat = ++tg
    telegram.languages.set(chat, 'en')
    const r = await api.enrolled('jqsee', { name: 'P', language: 'en', legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: `wb-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `wb-${chat}`,
      ref: r.codes[0]!.code,
      order: `wb-${chat}`,
      amount: '150.00',
      currency: 'USD',
    })
    await openOtherDispute(telegram, chat, 'Where is my commission for February?')
    const sent = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/dispute')
    const list = await telegram.keyboardAfter(chat, sent + 1)
    const view = list.buttons.find((b) => b.data.startsWith('dsp:view:'))
    expect(view, JSON.stringify(list)).toBeDefined()
    return { chat, list: list.message_id, view: view!.data }
  }

  const answered = (queryId: string) =>
    waitUntil(
      () => telegram.calls.find((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === queryId),
      5_000,
    ).catch(() => undefined)

  it('waiting for the amount', async () => {
    const { chat, list, view } = await partner()
    let n = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, ++n)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, ++n)
    await telegram.sendText(chat, 'wait.buttons@example.com')
    await telegram.nthText(chat, ++n)
    await telegram.keyboardAfter(chat, ++n)
    await telegram.press(chat, ':other')
    expect(await telegram.nthText(chat, ++n)).toMatch(/amount/i)

    const id = await telegram.pressButton(chat, list, view)
    const a = await answered(id)
    expect(a, 'the pressed button was never answered (it keeps spinning)').toBeDefined()
    expect(a!.payload).toMatchObject({ show_alert: true, text: expect.stringMatching(/earlier question/) })
    // the flow still waits for the amount
    expect(telegram.textsTo(chat)).toHaveLength(n)
    await telegram.sendText(chat, '20')
    expect(await telegram.nthText(chat, ++n)).toContain('20.00')
  }, 60_000)

  it('waiting for the PayPal e-mail', async () => {
    const { chat, list, view } = await partner()
    let n = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, ++n)
    await telegram.press(chat, ':paypal')
    expect(await telegram.nthText(chat, ++n)).toMatch(/PayPal/)

    const id = await telegram.pressButton(chat, list, view)
    const a = await answered(id)
    expect(a, 'the pressed button was never answered (it keeps spinning)').toBeDefined()
    expect(a!.payload).toMatchObject({ show_alert: true, text: expect.stringMatching(/earlier question/) })
    // the flow still waits for the e-mail, and takes it
    expect(telegram.textsTo(chat)).toHaveLength(n)
    await telegram.sendText(chat, 'wait.buttons@example.com')
    expect(await telegram.nthText(chat, ++n)).toMatch(/saved/i)
  }, 60_000)
})
