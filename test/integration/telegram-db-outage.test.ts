import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { TcpProxy } from '../helpers/tcp-proxy.ts'

/**
 * A partner writes to the bot while PostgreSQL is unreachable: the partner is read before any feature runs, and its
 * failure is answered with the localized "The service is temporarily unavailable...", not silence.
 */
describe.skipIf(!inject('databaseUrl'))('telegram while the database is down', () => {
  let api: Api
  let proxy: TcpProxy
  let telegram: FakeTelegram
  let drop: () => Promise<void> = async () => {}

  beforeAll(async () => {
    const server = new URL(inject('databaseUrl')!)
    proxy = await new TcpProxy(server.hostname, Number(server.port || 5432)).start()
    telegram = await new FakeTelegram().start()
    // startApi makes a fresh database; route it through the proxy
    const { freshDatabaseUrl } = await import('../helpers/database.ts')
    const fresh = freshDatabaseUrl()
    drop = () => fresh.drop()
    const through = new URL(fresh.url)
    through.port = String(proxy.port)
    api = await startApi('2026-03-02T09:00:00Z', {
      DATABASE_URL: through.toString(),
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
    })
  }, 60_000)
  afterAll(async () => {
    proxy.refusing = false
    await api?.close()
    await telegram?.stop()
    await proxy?.stop()
    await drop()
  })

  it('a partner writing /earnings while PostgreSQL is unreachable is told the service is unavailable', async () => {
    const chat = 771001
    telegram.languages.set(chat, 'en')
    await api.enrolled('jqsee', { name: 'Outage', language: 'en', legalType: 'individual', telegramId: chat })
    // sanity: the bot answers while the database is up
    await telegram.sendText(chat, '/earnings')
    await telegram.nthText(chat, 1)
    const before = telegram.textsTo(chat).length

    proxy.refusing = true
    proxy.dropAll()
    await telegram.sendText(chat, '/earnings')
    // the partner should get an answer in their language, not silence
    const answer = await telegram.nthText(chat, before + 1, 15_000).catch(() => undefined)
    expect(answer, 'no answer at all while the database is down').toBeDefined()
    expect(answer).toMatch(/unavailable|try again/i)
  }, 60_000)
})
