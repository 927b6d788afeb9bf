import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { amountText } from '../../bots/i18n/format.ts'
import { type Service, startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { ADMIN_TOKEN, secretOf, sign } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * The embedded defaults (no REDIS_URL: the private redis-server in DATA_DIR): a partner's /payout survives a restart
 * of the service in the middle of the flow, and the IBAN sent after the restart is taken out of the chat.
 */
describe('telegram: a flow survives a restart of the service (private Redis)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-tg-restart-'))
  const db = freshDatabaseUrl()
  let telegram: FakeTelegram
  let service: Service | undefined
  const clock = new ManualClock('2026-03-06T10:00:00Z')
  const env = () => ({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    PUBLIC_URL: 'https://partners.example.com',
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    POSTBACK_SECRET_JQSEE: secretOf('jqsee'),
  })
  const start = async () => {
    service = await startService(loadConfig(env()), { clock })
    return service
  }

  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
  })
  afterAll(async () => {
    await service?.close()
    await telegram?.stop()
    await db.drop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  async function partner(s: Service, chat: number, language: string) {
    telegram.languages.set(chat, language)
    const enrol = await fetch(`${s.url}/v1/programs/jqsee/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rita', language, legalType: 'individual', telegramId: chat }),
    })
    const body = await enrol.json()
    expect(enrol.status, JSON.stringify(body)).toBe(201)
    const event = JSON.stringify({
      id: `rs-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `rs-${chat}`,
      ref: body.codes[0].code,
      order: `rs-${chat}`,
      amount: '150.00',
      currency: 'USD',
    })
    const ts = Math.floor(clock.now().getTime() / 1000)
    const posted = await fetch(`${s.url}/v1/programs/jqsee/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': `msg_rs-${chat}`,
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(secretOf('jqsee'), `msg_rs-${chat}`, ts, event),
      },
      body: event,
    })
    expect(posted.status).toBe(201)
    return body.partner.id as string
  }

  it('stopped while /payout waits for the IBAN, started again: the IBAN is saved, deleted from the chat, the flow goes on', async () => {
    const s = await start()
    const chats = { en: 77_001, ru: 77_002 }
    const ids: Record<string, string> = {}
    for (const [lang, chat] of Object.entries(chats)) {
      ids[lang] = await partner(s, chat, lang)
      await telegram.sendText(chat, '/payout')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, ':bank')
      expect(await telegram.nthText(chat, 2)).toMatch(/IBAN/)
    }
    await s.close()
    service = undefined
    const again = await start()
    for (const [lang, chat] of Object.entries(chats)) {
      await telegram.sendText(chat, 'DE89 3704 0044 0532 0130 00')
      expect(await telegram.nthText(chat, 3)).toContain('DE•• •••• 3000')
      const deleted = telegram.calls.filter((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat)
      expect(deleted).toHaveLength(1)
      expect(await again.core.payouts.savedDetails(ids[lang]!, 'bank')).toMatchObject({ mask: 'DE•• •••• 3000' })
      expect((await telegram.keyboardAfter(chat, 4)).text).toContain(amountText(lang, '15.00', 'USD'))
    }
  })
})
