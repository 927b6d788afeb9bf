import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Service, startService } from '../../bots/service.ts'
import { redisConversationStore } from '../../bots/telegram/conversation-store.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { ADMIN_TOKEN, secretOf, sign } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * Payment details typed into /payout exist in clear only in the partner's own message, which is deleted: not in
 * the conversation state the bot keeps in Redis (which stores every update a flow received), not in job payloads,
 * not in the logs (at trace level). Erasing one's data also erases what the bot kept of the chat.
 */
describe('telegram: payment details stay out of Redis and the logs', () => {
  const prefix = `dt${Math.random().toString(36).slice(2, 8)}`
  const logs: string[] = []
  const db = freshDatabaseUrl()
  let service: Service
  let telegram: FakeTelegram
  let redis: Redis

  // a valid IBAN whose account digits appear nowhere else; the mask keeps only the last four
  const IBAN = 'DE89 3704 0044 0532 0130 00'
  const ACCOUNT_DIGITS = '37040044053201'
  // the same account with wrong check digits: refused, and not kept either
  const BAD_IBAN = 'DE00 3704 0044 0532 0130 00'
  const EMAIL = 'nadia.secret-paypal@example.com'

  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'trace',
      DATABASE_URL: db.url,
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: prefix,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      PUBLIC_URL: 'https://partners.example.com',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      POSTBACK_SECRET_JQSEE: secretOf('jqsee'),
    }
    service = await startService(loadConfig(env), {
      clock: new ManualClock('2026-03-06T10:00:00Z'),
      logDestination: { write: (line: string) => void logs.push(line) },
    })
    redis = new Redis(inject('redisUrl'))
  })
  afterAll(async () => {
    redis?.disconnect()
    await service?.close()
    await telegram?.stop()
    await db.drop()
  })

  let tg = 88_100
  /** A jqsee partner with 15.00 USD available, in Telegram chat `chat`. */
  async function partner(language = 'en') {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const enrol = await fetch(`${service.url}/v1/programs/jqsee/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nadia', language, legalType: 'individual', telegramId: chat }),
    })
    const body = await enrol.json()
    expect(enrol.status, JSON.stringify(body)).toBe(201)
    const event = JSON.stringify({
      id: `dt-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `dt-${chat}`,
      ref: body.codes[0].code,
      order: `dt-${chat}`,
      amount: '150.00',
      currency: 'USD',
    })
    const ts = Math.floor(new Date('2026-03-06T10:00:00Z').getTime() / 1000)
    const posted = await fetch(`${service.url}/v1/programs/jqsee/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': `msg_dt-${chat}`,
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(secretOf('jqsee'), `msg_dt-${chat}`, ts, event),
      },
      body: event,
    })
    expect(posted.status).toBe(201)
    return { chat, id: body.partner.id as string }
  }

  async function valueAt(key: string): Promise<unknown> {
    switch (await redis.type(key)) {
      case 'string':
        return redis.get(key)
      case 'hash':
        return redis.hgetall(key)
      case 'list':
        return redis.lrange(key, 0, -1)
      case 'set':
        return redis.smembers(key)
      case 'zset':
        return redis.zrange(key, '0', '-1', 'WITHSCORES')
      case 'stream':
        return redis.xrange(key, '-', '+')
      default:
        return redis.dumpBuffer(key).then((b) => b?.toString('latin1'))
    }
  }
  /** Every value under this service's Redis prefix (conversations, update ids, every BullMQ queue and job). */
  async function everythingInRedis(): Promise<Map<string, string>> {
    const found = new Map<string, string>()
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      cursor = next
      for (const key of keys) {
        // a key that expired or was deleted between the scan and its read holds nothing
        const value = JSON.stringify(await valueAt(key))
        if (value !== undefined) found.set(key, value)
      }
    } while (cursor !== '0')
    return found
  }
  const holding = (values: Map<string, string>, secret: string) =>
    [...values].filter(([, v]) => v.replace(/\s+/g, '').includes(secret.replace(/\s+/g, ''))).map(([k]) => k)

  it('an IBAN sent in /payout, then the flow abandoned: no key of the service holds it, nor does any log line', async () => {
    const { chat, id } = await partner()
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':bank')
    expect(await telegram.nthText(chat, 2)).toMatch(/^Send your IBAN/)
    await telegram.sendText(chat, BAD_IBAN)
    // the check that failed is named, nothing of the IBAN repeated
    expect(await telegram.nthText(chat, 3)).toBe(
      'The check digits of this IBAN (the two digits after the country code) do not match the rest of it, so there is probably a typo. Please check every character and send the IBAN again.',
    )
    expect(await telegram.nthText(chat, 4)).toMatch(/^Send your IBAN/)
    await telegram.sendText(chat, IBAN)
    expect(await telegram.nthText(chat, 5)).toBe('Payment details saved: DE•• •••• 3000.')
    expect((await telegram.keyboardAfter(chat, 6)).text).toContain('15.00 USD') // how much? -- and the partner leaves

    // both messages with an IBAN were deleted from the chat
    const deleted = telegram.calls.filter((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)
    expect(deleted).toHaveLength(2)
    // saved, encrypted, for the payout that follows
    const saved = await service.core.payouts.savedDetails(id, 'bank')
    expect(saved?.mask).toBe('DE•• •••• 3000')

    const values = await everythingInRedis()
    // the abandoned flow is kept (it waits for the amount) ...
    expect(values.has(`${prefix}:tg:conversation:${chat}`)).toBe(true)
    // ... without the IBAN, in any form, anywhere under the prefix
    expect(holding(values, ACCOUNT_DIGITS)).toEqual([])
    expect(holding(values, 'DE00')).toEqual([]) // the refused one's check digits
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.filter((l) => l.replace(/\s+/g, '').includes(ACCOUNT_DIGITS))).toEqual([])
  })

  it('a details request lost while the flow waits: the IBAN is still kept out, deleted, and asked for again', async () => {
    const { chat, id } = await partner()
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':bank')
    await telegram.nthText(chat, 2)
    const request = `${prefix}:tg:conversation:${chat}:details`
    expect(JSON.parse((await redis.get(request))!)).toMatchObject({ partnerId: id, method: 'bank' })
    expect(await redis.ttl(request)).toBeGreaterThan(86_000)
    await redis.del(request) // as if Redis lost it
    await telegram.sendText(chat, IBAN)
    expect(await telegram.nthText(chat, 3)).toMatch(/^Send your IBAN/)
    expect(
      telegram.calls.filter((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat),
    ).toHaveLength(1)
    expect(holding(await everythingInRedis(), ACCOUNT_DIGITS)).toEqual([])
    expect(await service.core.payouts.savedDetails(id, 'bank')).toBeNull()
    // asked again with the request in place: this time it is saved
    await telegram.sendText(chat, IBAN)
    expect(await telegram.nthText(chat, 4)).toBe('Payment details saved: DE•• •••• 3000.')
    expect(await redis.exists(request)).toBe(0)
    expect(holding(await everythingInRedis(), ACCOUNT_DIGITS)).toEqual([])
    // /cancel ends the flow and leaves nothing of the chat behind
    await telegram.sendText(chat, '/cancel')
    expect(await telegram.nthText(chat, 6)).toBe('Cancelled. Nothing was requested.')
    // the plugin deletes the chat's state once the update that ended the flow is done
    await waitUntil(async () =>
      (await redis.keys(`${prefix}:tg:conversation:${chat}*`)).length === 0 ? true : undefined,
    )
  })

  it.each(['en', 'ru'])(
    'the flow lost while its details request was kept (%s): the IBAN is still saved, deleted, and the way on told',
    async (language) => {
      const t = createI18n().t(language as 'en')
      const { chat, id } = await partner(language)
      await telegram.sendText(chat, '/payout')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':bank')
      await telegram.nthText(chat, 2)
      // the flow's state is gone (once the plugin has written it), its request is not
      // (its replay log holds the request's nonce once the update that asked for the IBAN is done)
      const { nonce } = JSON.parse((await redis.get(`${prefix}:tg:conversation:${chat}:details`))!)
      await waitUntil(async () =>
        (await redis.get(`${prefix}:tg:conversation:${chat}`))?.includes(nonce) ? true : undefined,
      )
      await redis.del(`${prefix}:tg:conversation:${chat}`)
      await telegram.sendText(chat, IBAN)
      expect(await telegram.nthText(chat, 3)).toBe(
        `${t('payout.flow.details_saved', { details: 'DE•• •••• 3000' })}\n${t('payout.flow.resume')}`,
      )
      const deleted = telegram.calls.filter((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)
      expect(deleted).toHaveLength(1)
      expect((await service.core.payouts.savedDetails(id, 'bank'))?.mask).toBe('DE•• •••• 3000')
      expect(await redis.keys(`${prefix}:tg:conversation:${chat}*`)).toEqual([])
      expect(holding(await everythingInRedis(), ACCOUNT_DIGITS)).toEqual([])
    },
  )

  it('"delete my personal data" in the middle of a flow ends it and removes what the bot kept of the chat', async () => {
    const { chat, id } = await partner()
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, EMAIL)
    expect(await telegram.nthText(chat, 3)).toBe('Payment details saved: n•••@example.com.')
    await telegram.keyboardAfter(chat, 4) // the amount question: abandoned here
    const kept = await everythingInRedis()
    expect([...kept.keys()].filter((k) => k.startsWith(`${prefix}:tg:conversation:${chat}`))).not.toEqual([])
    expect(holding(kept, EMAIL)).toEqual([])
    expect(logs.filter((l) => l.includes('nadia.secret'))).toEqual([])

    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 5)
    expect(await telegram.nthText(chat, 6)).toBe(
      'Your payout request is still waiting for your answer above. Send /cancel to stop it.',
    )
    await telegram.press(chat, 'st:erase')
    const confirm = await telegram.keyboardAfter(chat, 7)
    // "Yes" carries the fingerprint of the money the confirmation showed
    await telegram.pressButton(
      chat,
      confirm.message_id,
      confirm.buttons.find((b) => b.data.startsWith('st:erase_yes:'))!.data,
    )
    await telegram.waitForCall(
      'editMessageText',
      (c) => Number(c.payload.chat_id) === chat && c.payload.message_id === confirm.message_id,
      10_000,
    )
    await waitUntil(async () =>
      (await redis.keys(`${prefix}:tg:conversation:${chat}*`)).length === 0 ? true : undefined,
    )
    expect(await redis.keys(`${prefix}:tg:conversation:${chat}*`)).toEqual([])
    const erased = await service.db.prisma.partner.findUniqueOrThrow({ where: { id } })
    expect(erased.erasedAt).not.toBeNull()
    // the flow is over: a message now is no amount and no payment details
    await telegram.sendText(chat, '12')
    await telegram.nthText(chat, 8)
    expect(await redis.keys(`${prefix}:tg:conversation:${chat}*`)).toEqual([])
  })

  it("the store: a details request follows its chat's conversations (refreshed with them, deleted with them)", async () => {
    const store = redisConversationStore(redis, `${prefix}:unit:`, 600)
    await store.detailsRequests.set('1', { partnerId: 'p-1', method: 'bank', nonce: 'n-1' })
    expect(await store.detailsRequests.get('1')).toEqual({ partnerId: 'p-1', method: 'bank', nonce: 'n-1' })
    await redis.expire(`${prefix}:unit:1:details`, 5)
    await store.conversations.write('1', { version: [0, 0], state: {} } as never)
    expect(await redis.ttl(`${prefix}:unit:1:details`)).toBeGreaterThan(590)
    expect(await redis.ttl(`${prefix}:unit:1`)).toBeGreaterThan(590)
    await store.conversations.delete('1')
    expect(await redis.keys(`${prefix}:unit:1*`)).toEqual([])
    await store.detailsRequests.set('2', { partnerId: 'p-2', method: 'paypal', nonce: 'n-2' })
    await store.conversations.write('2', { version: [0, 0], state: {} } as never)
    await store.forget('2')
    expect(await redis.keys(`${prefix}:unit:2*`)).toEqual([])
  })

  it('an IBAN pasted where /payout asks "How much?" is not kept in Redis (the flow\'s replay log) and not echoed back', async () => {
    const { chat } = await partner()
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
    expect(holding(await everythingInRedis(), ACCOUNT_DIGITS)).toEqual([])
    // 3. the flow still waits for the amount
    await telegram.sendText(chat, '10')
    expect((await telegram.keyboardAfter(chat, 7)).text).toMatch(/10\.00 USD/)
  })
  it('an IBAN pasted where /payout asks with buttons ("Pay to your saved details?") is taken out of the chat too', async () => {
    const { chat } = await partner('lv')
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':bank')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, IBAN)
    await telegram.keyboardAfter(chat, 4)
    await telegram.sendText(chat, '/cancel')
    await telegram.nthText(chat, 5)
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 6)
    await telegram.press(chat, ':bank')
    expect((await telegram.keyboardAfter(chat, 7)).text).toBe('Izmaksāt uz šiem rekvizītiem: DE•• •••• 3000?')
    // the partner pastes new details instead of pressing "Enter new details"
    const before = telegram.calls.length
    await telegram.sendText(chat, IBAN)
    expect(await telegram.nthText(chat, 8)).toBe(
      'Izdzēsu jūsu ziņu: šķiet, tajā bija maksājuma rekvizīti, bet tos pieņemu tikai tad, kad tos pieprasu. Lūdzu, nosūtiet atbildi vēlreiz bez tiem.',
    )
    const deleted = telegram.calls
      .slice(before)
      .some((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)
    expect(deleted, 'the message with the IBAN is still in the chat').toBe(true)
    expect(holding(await everythingInRedis(), ACCOUNT_DIGITS)).toEqual([])
    // the question still waits for its buttons
    await telegram.press(chat, ':saved')
    expect((await telegram.keyboardAfter(chat, 9)).text).toMatch(/^Pieejams izmaksai: 15,00 USD/)
  })

  it.each(['en', 'ru', 'kk', 'ka', 'lv'])(
    'a refused IBAN is told which check failed (%s): the country, the length for it, the check digits',
    async (language) => {
      const t = createI18n().t(language as 'en')
      const { chat, id } = await partner(language)
      await telegram.sendText(chat, '/payout')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':bank')
      await telegram.nthText(chat, 2)
      // no country has IBANs starting with XX
      await telegram.sendText(chat, 'XX89 3704 0044 0532 0130 00')
      expect(await telegram.nthText(chat, 3)).toBe(t('payout.flow.details_invalid.iban_country', { country: 'XX' }))
      await telegram.nthText(chat, 4) // asked again
      // a German IBAN has 22 characters: one is missing
      await telegram.sendText(chat, 'DE89 3704 0044 0532 0130 0')
      expect(await telegram.nthText(chat, 5)).toBe(
        t('payout.flow.details_invalid.iban_short', { country: 'DE', count: 22 }),
      )
      await telegram.nthText(chat, 6)
      // the right length, but the check digits do not match: a typo
      await telegram.sendText(chat, BAD_IBAN)
      expect(await telegram.nthText(chat, 7)).toBe(
        `${t('payout.flow.details_invalid.iban_checksum')}\n\n${t('payout.flow.gave_up')}`,
      )
      const told = telegram.textsTo(chat).join('\n')
      // nothing of what was typed comes back but a country code, nor is it kept or logged
      for (const part of ['3704', '0532', 'DE89', 'DE00', 'XX89']) expect(told).not.toContain(part)
      expect(holding(await everythingInRedis(), '37040044')).toEqual([])
      expect(logs.filter((l) => l.replace(/\s+/g, '').includes('37040044'))).toEqual([])
      expect(await service.core.payouts.savedDetails(id, 'bank')).toBeNull()
    },
  )

  it('a refusal in English says what is wrong: not an IBAN, one character too many, not an e-mail address', async () => {
    const { chat } = await partner('en')
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':bank')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, 'my account at the bank')
    expect(await telegram.nthText(chat, 3)).toBe(
      'This is not an IBAN: an IBAN starts with two letters (the country code) and two digits, followed by letters and digits, as in the example. Please check it and send it again.',
    )
    await telegram.nthText(chat, 4)
    await telegram.sendText(chat, `${IBAN}1`)
    expect(await telegram.nthText(chat, 5)).toBe(
      'An IBAN starting with DE has 22 characters, and this one is longer: there seems to be an extra character. Please check it and send it again.',
    )
    await telegram.nthText(chat, 6)
    await telegram.sendText(chat, IBAN.replace('DE89', 'DE88'))
    expect(await telegram.nthText(chat, 7)).toMatch(
      /^The check digits of this IBAN \(the two digits after the country code\) do not match the rest of it, so there is probably a typo\./,
    )
    await telegram.sendText(chat, '/payout')
    await telegram.keyboardAfter(chat, 8)
    await telegram.press(chat, ':paypal')
    await telegram.nthText(chat, 9)
    await telegram.sendText(chat, 'nadia.secret-paypal@')
    const said = await telegram.nthText(chat, 10)
    expect(said).toBe(
      'This is not an e-mail address: it should look like name@example.com. Please check it and send it again.',
    )
    expect(logs.filter((l) => l.includes('nadia.secret'))).toEqual([])
  })

  it('the operator API refuses such details with the same code, the issue naming the check that failed', async () => {
    const { id } = await partner('en')
    const save = async (iban: string) => {
      const r = await fetch(`${service.url}/v1/partners/${id}/payment-details`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'bank', details: { iban } }),
      })
      return { status: r.status, body: await r.json() }
    }
    const short = await save('DE89 3704 0044 0532 0130 0')
    expect(short.status).toBe(400)
    expect(short.body.error).toMatchObject({
      code: 'payout.details_invalid',
      issues: [{ path: 'iban', message: 'an IBAN of DE has 22 characters, not 21' }],
    })
    expect((await save('XX89 3704 0044 0532 0130 00')).body.error.issues).toEqual([
      { path: 'iban', message: 'XX is not a country code of the IBAN registry' },
    ])
    expect((await save(BAD_IBAN)).body.error.issues[0].message).toMatch(/check digits do not match/)
    expect(logs.filter((l) => l.replace(/\s+/g, '').includes('37040044'))).toEqual([])
  })
})
