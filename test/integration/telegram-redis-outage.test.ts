import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { ownRedis } from '../helpers/own-redis.ts'
import { freePort } from '../helpers/ports.ts'

/**
 * Redis goes away while the service runs (REDIS_URL of the test's own redis-server, which the test stops). A partner
 * writes /earnings, which needs only PostgreSQL: the duplicate check steps aside (its connection fails fast), and
 * the partner gets an answer, the earnings or a localized "temporarily unavailable".
 */
describe('telegram while Redis is down', () => {
  let port: number
  let redis: ChildProcess
  let telegram: FakeTelegram
  let api: Api

  beforeAll(async () => {
    port = await freePort()
    redis = await ownRedis(port)
    telegram = await new FakeTelegram().start()
    api = await startApi('2026-03-02T09:00:00Z', {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
    })
  }, 60_000)
  afterAll(async () => {
    await api?.close()
    await telegram?.stop()
    redis?.kill('SIGKILL')
  })

  it('a partner writing /earnings while Redis is down gets an answer (the earnings, or a localized "unavailable")', async () => {
    const chat = 772001
    telegram.languages.set(chat, 'en')
    await api.enrolled('jqsee', { name: 'RedisDown', language: 'en', legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/earnings')
    await telegram.nthText(chat, 1)
    const before = telegram.textsTo(chat).length

    redis.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 500))
    await telegram.sendText(chat, '/earnings')
    const answer = await telegram.nthText(chat, before + 1, 45_000).catch(() => undefined)
    expect(answer, 'no answer at all while Redis is down').toBeDefined()
  }, 90_000)
})
