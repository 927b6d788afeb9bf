import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

const SECRET = 'wh_double-confirm'

/**
 * Two instances behind one webhook URL (the scale-out path: one PostgreSQL, one Redis, the same prefix). A partner
 * taps Confirm under the /payout preview twice in quick succession: Telegram sends two callback queries (two update
 * ids) and, having several webhook connections, delivers them at once, here one to each instance. Each instance
 * reads the flow from Redis at "waiting for Confirm", draws its own Idempotency-Key and requests the payout: the
 * partner who confirmed one payout of 20.00 has two.
 */
describe('telegram webhook, two instances: Confirm tapped twice requests one payout', () => {
  const db = freshDatabaseUrl()
  const prefix = `dc${Math.random().toString(36).slice(2, 8)}`
  let telegram: FakeTelegram
  const instances: Api[] = []
  let nextUpdate = 500_000

  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    const env = {
      DATABASE_URL: db.url,
      REDIS_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_URL: 'https://partners.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    }
    for (let i = 0; i < 2; i++) instances.push(await startApi('2026-03-06T10:00:00Z', env))
  }, 120_000)
  afterAll(async () => {
    for (const i of instances) await i.close()
    await telegram?.stop()
    await db.drop()
  })

  const chat = 785301
  const user = { id: chat, is_bot: false, first_name: 'Dana', username: 'dana', language_code: 'en' }
  const pchat = { id: chat, type: 'private', first_name: 'Dana' }
  const post = (i: number, update: Record<string, unknown>) =>
    fetch(`${instances[i]!.base}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify({ update_id: ++nextUpdate, ...update }),
    }).then((r) => expect(r.status).toBe(200))
  const text = (text: string) => {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.length }] : undefined
    return post(0, {
      message: { message_id: nextUpdate, date: Math.floor(Date.now() / 1000), chat: pchat, from: user, text, entities },
    })
  }
  const pressUpdate = (suffix: string) => {
    const k = telegram.lastKeyboard(chat)!
    const b = k.buttons.find((x) => x.data.endsWith(suffix))
    if (!b) throw new Error(`no button *${suffix} in ${JSON.stringify(k)}`)
    const message = telegram.messages.get(`${chat}:${k.message_id}`)
    return {
      callback_query: { id: `cq${nextUpdate}-${suffix}`, from: user, chat_instance: 'ci', message, data: b.data },
    }
  }

  it('one payout request', async () => {
    const api = instances[0]!
    telegram.languages.set(chat, 'en')
    const r = await api.enrolled('jqsee', { name: 'Dana', language: 'en', legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: 'dc-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'dc-1',
      ref: r.codes[0]!.code,
      order: 'dc-1',
      amount: '1500.00',
      currency: 'USD',
    })
    await text('/payout')
    await telegram.keyboardAfter(chat, 1)
    await post(0, pressUpdate(':paypal'))
    await telegram.nthText(chat, 2)
    await text('dana.paypal@example.com')
    await telegram.nthText(chat, 3)
    await telegram.keyboardAfter(chat, 4)
    await post(0, pressUpdate(':other'))
    await telegram.nthText(chat, 5)
    await text('20')
    const preview = await telegram.keyboardAfter(chat, 6)
    expect(preview.text).toContain('20.00 USD')

    // the double tap: two callback queries for the same Confirm button, delivered at once to both instances
    const first = pressUpdate(':confirm')
    const second = pressUpdate(':confirm')
    second.callback_query.id += '-again'
    await Promise.all([post(0, first), post(1, second)])
    await waitUntil(() => (telegram.textsTo(chat).length >= 7 ? true : undefined), 10_000)
    await new Promise((r) => setTimeout(r, 2000))

    const payouts = (await api.operator('GET', `/v1/partners/${r.partner}/payouts`)).body.payouts
    expect(payouts.map((p: { gross: string; status: string }) => `${p.gross} ${p.status}`)).toEqual(['20.00 requested'])
    // one confirmation in the chat; both taps answered (none left spinning), the second as already done
    const received = telegram.textsTo(chat).filter((x) => /payout request has been received/.test(x))
    expect(received).toHaveLength(1)
    const answers = [first, second].map((u) =>
      telegram.calls.find(
        (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === u.callback_query.id,
      ),
    )
    expect(answers.every(Boolean), 'a tap was never answered').toBe(true)
    expect(answers.filter((a) => a!.payload.show_alert)).toHaveLength(1)
  }, 120_000)
})
