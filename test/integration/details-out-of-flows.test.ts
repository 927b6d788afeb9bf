import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { type Service, startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { ADMIN_TOKEN, secretOf, sign } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * A careless partner pastes their IBAN again where /payout asks for the amount. The conversations plugin stores every
 * update a waiting flow receives in Redis, so the text never reaches the flow: it is deleted from the chat, the
 * partner is told why, and the flow still waits for the amount.
 */
describe('an IBAN typed where /payout asks for the amount', () => {
  const prefix = `dl${Math.random().toString(36).slice(2, 8)}`
  const db = freshDatabaseUrl()
  let service: Service
  let telegram: FakeTelegram
  let redis: Redis
  const IBAN = 'DE89 3704 0044 0532 0130 00'
  const ACCOUNT_DIGITS = '37040044053201'

  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    service = await startService(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        DATABASE_URL: db.url,
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: prefix,
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        PUBLIC_URL: 'https://partners.example.com',
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: telegram.url,
        POSTBACK_SECRET_JQSEE: secretOf('jqsee'),
      }),
      { clock: new ManualClock('2026-03-06T10:00:00Z') },
    )
    redis = new Redis(inject('redisUrl'))
  })
  afterAll(async () => {
    redis?.disconnect()
    await service?.close()
    await telegram?.stop()
    await db.drop()
  })

  async function partner(chat: number) {
    telegram.languages.set(chat, 'en')
    const enrol = await fetch(`${service.url}/v1/programs/jqsee/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nadia', language: 'en', legalType: 'individual', telegramId: chat }),
    })
    const body = await enrol.json()
    const event = JSON.stringify({
      id: `rv-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `rv-${chat}`,
      ref: body.codes[0].code,
      order: `rv-${chat}`,
      amount: '150.00',
      currency: 'USD',
    })
    const ts = Math.floor(new Date('2026-03-06T10:00:00Z').getTime() / 1000)
    const posted = await fetch(`${service.url}/v1/programs/jqsee/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': `msg_rv-${chat}`,
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(secretOf('jqsee'), `msg_rv-${chat}`, ts, event),
      },
      body: event,
    })
    expect(posted.status).toBe(201)
  }

  /** Keys under this service's prefix whose value holds the account digits (strings and lists/hashes as JSON). */
  async function keysHolding(secret: string): Promise<string[]> {
    const out: string[] = []
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      cursor = next
      for (const key of keys) {
        const type = await redis.type(key)
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? JSON.stringify(await redis.hgetall(key))
              : type === 'list'
                ? JSON.stringify(await redis.lrange(key, 0, -1))
                : ''
        if ((value ?? '').replace(/\s+/g, '').includes(secret)) out.push(key)
      }
    } while (cursor !== '0')
    return out
  }

  it('an IBAN pasted where /payout asks "How much?" is not kept in Redis (the flow\'s replay log) and not echoed back', async () => {
    const chat = 88_501
    await partner(chat)
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':bank')
    expect(await telegram.nthText(chat, 2)).toMatch(/^Send your IBAN/)
    await telegram.sendText(chat, IBAN)
    expect(await telegram.nthText(chat, 3)).toBe('Payment details saved: DE•• •••• 3000.')
    await telegram.keyboardAfter(chat, 4) // how much? all, or another amount
    await telegram.press(chat, ':other')
    expect(await telegram.nthText(chat, 5)).toMatch(/amount/i)
    // the partner pastes the IBAN once more, thinking the bot still wants the account
    await telegram.sendText(chat, IBAN)
    const answer = await telegram.nthText(chat, 6)
    // 1. the answer says what happened and repeats nothing of the details; the message is gone from the chat
    expect(answer).toBe(
      'I deleted your message: it looked like payment details, which I take only when I ask for them. Please send your answer again without them.',
    )
    expect(telegram.calls.some((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)).toBe(true)
    // 2. nothing under the service's Redis prefix holds them (the flow's replay log included)
    expect(await keysHolding(ACCOUNT_DIGITS)).toEqual([])
    // 3. the flow still waits for the amount
    await telegram.sendText(chat, '10')
    expect((await telegram.keyboardAfter(chat, 7)).text).toMatch(/10\.00 USD/)
  })
})
