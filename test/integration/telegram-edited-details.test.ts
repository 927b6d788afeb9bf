import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * A partner writing a dispute edits the text they already sent (Telegram sends an edited_message) and pastes their
 * IBAN into it. A new message with an IBAN is deleted and refused while a flow waits ("no payment details in the
 * flow's state in Redis"), but the edit passes the check (it looks at `message` only) and the whole update, IBAN
 * included, is kept in the conversation's state in Redis, in clear, for as long as the flow lasts (a day).
 */
describe('telegram: an edited message with payment details in a flow stays out of Redis', () => {
  const prefix = `ed${Math.random().toString(36).slice(2, 8)}`
  const env = withTelegram('2026-03-06T10:00:00Z', { REDIS_PREFIX: prefix })
  let api: Api
  let telegram: FakeTelegram
  let redis: Redis
  beforeAll(() => {
    ;({ api, telegram } = env())
    redis = new Redis(inject('redisUrl'))
  })
  afterAll(() => redis?.disconnect())

  const IBAN = 'DE89 3704 0044 0532 0130 00'
  const ACCOUNT_DIGITS = '37040044053201'

  it('the IBAN edited into a dispute message is not kept in the flow state', async () => {
    const chat = 784201
    telegram.languages.set(chat, 'en')
    await api.enrolled('jqsee', { name: 'Edit', language: 'en', legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/dispute')
    await telegram.nthText(chat, 1) // nothing to dispute: a question for support
    expect(await telegram.nthText(chat, 2)).toBeTruthy() // "describe the case"
    const user = { id: chat, is_bot: false, first_name: 'Edit', language_code: 'en' }
    const pchat = { id: chat, type: 'private', first_name: 'Edit' }
    const date = Math.floor(Date.now() / 1000)
    await telegram.pushUpdate({
      message: { message_id: 990001, date, chat: pchat, from: user, text: 'My February commission is missing.' },
    })
    await telegram.keyboardAfter(chat, 3) // "add more, or Send"
    // the partner edits that message, adding where to pay the money
    await telegram.pushUpdate({
      edited_message: {
        message_id: 990001,
        date,
        edit_date: date + 5,
        chat: pchat,
        from: user,
        text: `My February commission is missing. Please pay it to ${IBAN}`,
      },
    })
    // the edit is refused as a new message with the IBAN would be: taken out of the chat, and the partner told why
    expect(await telegram.nthText(chat, 4)).toMatch(/deleted your message: it looked like payment details/)
    const deleted = telegram.calls.find((c) => c.method === 'deleteMessage' && c.payload.message_id === 990001)
    expect(deleted, 'the edited message with the IBAN stays in the chat').toBeDefined()
    await new Promise((r) => setTimeout(r, 500))

    const state = (await redis.get(`${prefix}:tg:conversation:${chat}`)) ?? ''
    expect(state, 'the flow is still kept in Redis').not.toBe('')
    expect(state.replace(/\s+/g, ''), 'the IBAN sits in the flow state in Redis').not.toContain(ACCOUNT_DIGITS)
    expect(state, 'the edit is kept in the flow state').not.toContain('edited_message')

    // an ordinary edit is not taken either: the partner is told to send the correction as a new message
    await telegram.pushUpdate({
      edited_message: {
        message_id: 990001,
        date,
        edit_date: date + 9,
        chat: pchat,
        from: user,
        text: 'My February and March commissions are missing.',
      },
    })
    expect(await telegram.nthText(chat, 5)).toMatch(/not taken into account.*as a new message/)
    await new Promise((r) => setTimeout(r, 300))
    const after = (await redis.get(`${prefix}:tg:conversation:${chat}`)) ?? ''
    expect(after).toContain('My February commission is missing.')
    expect(after, 'the ordinary edit is kept in the flow state').not.toContain('March')
    // the flow still waits: Send opens the case as it was written
    await telegram.press(chat, ':send')
    expect(await telegram.nthText(chat, 6)).toMatch(/#\d+/)
  }, 60_000)
})
