import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * The file name of a document a partner attaches to a dispute is the partner's own text: with a right-to-left
 * override, "invoice<U+202E>fdp.exe" would read "invoiceexe.pdf" in Slack, where support downloads it.
 */
describe('a dispute attachment named with a bidi override', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  beforeAll(() => {
    ;({ api, telegram, slack } = env())
  })

  it('the file reaches the dispute thread in Slack under a name without bidi controls', async () => {
    const chat = 7901
    telegram.languages.set(chat, 'en')
    const r = await api.enrol('jqsee', { name: 'Partner', language: 'en', legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: 'rf-pay-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'rf-cust-1',
      ref: r.body.codes[0].code,
      order: 'rf-order-1',
      amount: '120.00',
      currency: 'USD',
    })
    await telegram.sendText(chat, '/dispute')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':commission')
    const which = await telegram.keyboardAfter(chat, 2)
    await telegram.pressButton(chat, which.message_id, which.buttons[0]!.data)
    await telegram.nthText(chat, 3)
    await telegram.sendText(chat, 'My invoice for the order is attached.')
    await telegram.keyboardAfter(chat, 4)
    const spoofed = 'invoice\u202Efdp.exe'
    await telegram.sendFile(chat, 'document', Buffer.from('MZ-not-really-a-pdf'), { name: spoofed })
    await telegram.keyboardAfter(chat, 5)
    await telegram.press(chat, ':send')
    await telegram.nthText(chat, 6)
    await slack.waitForCall('files.completeUploadExternal', (c) => c.payload.channel_id === CHANNELS.disputes, 10_000)
    const names = [...slack.files.values()].filter((f) => f.channel === CHANNELS.disputes).map((f) => f.name)
    expect(names).toHaveLength(1)
    expect(names[0]).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/)
  })
})
