import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * programs.md, "Disputes, all programs": "a dispute is about a commission, a payout, a sanction or anything else".
 * Commission disputes are walked in slack-disputes.test.ts; these are the payout and sanction ones, from the
 * partner's /dispute in Telegram to the desk's card in Slack, in two languages.
 */
describe('disputes about a payout and about a sanction', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  beforeAll(() => {
    ;({ api, telegram, slack } = env())
  })

  const partner = async (chat: number, language: string) => {
    telegram.languages.set(chat, language)
    const r = await api.enrol('jqsee', { name: `Partner ${chat}`, language, legalType: 'individual', telegramId: chat })
    expect(r.status).toBe(201)
    return { id: r.body.partner.id as string, code: r.body.codes[0].code as string }
  }
  const card = (number: number) =>
    slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && String(c.payload.text).startsWith(`Dispute #${number} `),
    )
  /** /dispute -> the subject -> the one item offered -> a text -> Send; the prompts seen on the way. */
  const dispute = async (chat: number, subject: string, text: string) => {
    const start = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/dispute')
    const what = await telegram.keyboardAfter(chat, start + 1)
    await telegram.press(chat, `:${subject}`)
    const which = await telegram.keyboardAfter(chat, start + 2)
    expect(which.buttons).toHaveLength(1)
    await telegram.pressButton(chat, which.message_id, which.buttons[0]!.data)
    await telegram.nthText(chat, start + 3)
    await telegram.sendText(chat, text)
    await telegram.keyboardAfter(chat, start + 4)
    await telegram.press(chat, ':send')
    return { what, which, opened: await telegram.nthText(chat, start + 5) }
  }

  it('a Latvian partner disputes a warning: the sanction is offered by kind and date, and the desk card names it', async () => {
    const chat = 7301
    const { id } = await partner(chat, 'lv')
    const s = await api.operator('POST', `/v1/partners/${id}/sanctions`, {
      program: 'jqsee',
      kind: 'warning',
      reason: 'prohibited_content',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    expect(await telegram.nthText(chat, 1)).toMatch(/brīdinājum/i) // the partner is told of the warning first
    const { what, which, opened } = await dispute(chat, 'sanction', 'Mūsu vietnē nav aizliegta satura.')
    expect(what.buttons.map((b) => b.text)).toContain('Sankcija')
    expect(which.buttons[0]!.text).toMatch(/brīdinājums/i)
    expect(opened).toMatch(/^Strīds Nr\. 1/)
    const blocks = JSON.stringify((await card(1)).payload.blocks)
    expect(blocks).toContain('sanction')
    expect(blocks).toContain('warning')
    expect(blocks).toContain('Mūsu vietnē nav aizliegta satura.')
  })

  it('an English partner disputes a payout: the payout is offered with its amount and method, and the desk card names it', async () => {
    const chat = 7302
    const { id, code } = await partner(chat, 'en')
    await api.recorded('jqsee', {
      id: 'dp-pay',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'dp-c',
      ref: code,
      order: 'dp-o',
      amount: '150.00',
      currency: 'USD',
    })
    const p = await api.requestPayout(
      id,
      { program: 'jqsee', method: 'paypal', details: { email: 'p7302@example.com' } },
      'dp-k',
    )
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    expect(await telegram.nthText(chat, 1)).toMatch(/15\.00 USD/) // the partner is told of the request first
    const { what, which, opened } = await dispute(chat, 'payout', 'The payout is 15 USD but I expected 20 USD.')
    expect(what.buttons.map((b) => b.text)).toEqual(['A commission', 'A payout', 'Something else'])
    expect(which.buttons[0]!.text).toContain('15.00 USD')
    expect(which.buttons[0]!.text).toContain('PayPal')
    expect(opened).toMatch(/^Dispute #2 is open\./)
    const blocks = JSON.stringify((await card(2)).payload.blocks)
    expect(blocks).toContain('payout 15.00 USD')
    expect(blocks).toContain('The payout is 15 USD but I expected 20 USD.')
  })
})
