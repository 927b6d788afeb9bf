import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { ADMIN_TOKEN } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { freePort } from '../helpers/ports.ts'
import { type RunningService, runService } from '../helpers/service-process.ts'

/**
 * Webhook mode: the service is killed (SIGKILL: an OOM kill, a node drained) or stopped (SIGTERM) while it handles a
 * partner's update, before answering it. Telegram got no 200 and delivers the same update again to the restarted
 * service, which handles it: the update id is claimed by an instance while handled and marked done only after, and
 * a claim whose instance is gone (its heartbeat lapsed, or deleted by the stop) is taken over.
 */
describe('a webhook update redelivered after a crash', () => {
  const server = inject('databaseUrl')
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-webhook-crash-'))
  const fresh = server ? freshDatabaseUrl() : { url: `pglite:${path.join(dataDir, 'db')}`, drop: async () => {} }
  let service: RunningService | undefined
  let telegram: FakeTelegram | undefined

  /** The service running now, if any, stopped (each case starts its own: none may outlive the test). */
  const stopService = async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL')
    await service?.exited
  }
  afterAll(async () => {
    await stopService()
    await telegram?.stop()
    await fresh.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    '%s mid-update: the partner is answered once the restarted service gets the update Telegram redelivers',
    async (signal) => {
      await stopService()
      await telegram?.stop()
      telegram = await new FakeTelegram().start()
      const port = await freePort()
      const secret = 'webhook-crash-secret-0123456789'
      const env = {
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
        DATABASE_URL: fresh.url,
        DATA_DIR: dataDir,
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: `whc${Math.random().toString(36).slice(2, 8)}`,
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
        TELEGRAM_WEBHOOK_SECRET: secret,
      }
      service = runService(env)
      const base = await service.up()
      const chat = signal === 'SIGKILL' ? 664401 : 664402
      const enrolled = await fetch(`${base}/v1/programs/jqsee/partners`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Crash', language: 'en', legalType: 'individual', telegramId: chat }),
      })
      expect(enrolled.status).toBe(201)

      const update = {
        update_id: signal === 'SIGKILL' ? 777000123 : 777000124,
        message: {
          message_id: 10,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chat, type: 'private', first_name: 'Crash' },
          from: { id: chat, is_bot: false, first_name: 'Crash', language_code: 'en' },
          text: '/earnings',
          entities: [{ type: 'bot_command', offset: 0, length: 9 }],
        },
      }
      const deliver = () =>
        fetch(`${base}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body: JSON.stringify(update),
        })
      // Telegram is slow to take the bot's answer (a 429 with retry_after, waited out by autoRetry): the update is
      // being handled, not answered, when the process is killed
      telegram.rateLimitNext('sendMessage', 30)
      const first = deliver().catch((e) => e)
      await telegram.waitForCall('sendMessage', (c) => Number(c.payload.chat_id) === chat, 20_000)
      service.child.kill(signal)
      await service.exited
      // Telegram got no answer (an error), so it delivers the update again; an answered update is not redelivered
      const unanswered = (await first) instanceof Error
      const sentBefore = telegram.textsTo(chat).length // the 429'd call only: nothing reached the partner

      service = runService(env)
      await service.up()
      // the killed instance's claim lapses with its heartbeat (6 s); Telegram redelivers later than that anyway
      if (signal === 'SIGKILL') await new Promise((r) => setTimeout(r, 7000))
      // Telegram redelivers the unanswered update, same update_id
      if (unanswered) expect((await deliver()).status).toBe(200)
      const answer = await telegram.nthText(chat, sentBefore + 1, 15_000).catch(() => undefined)
      const dropped = service.logs().some((l) => l.msg === 'duplicate update ignored')
      expect(
        answer,
        `no answer (first delivery unanswered: ${unanswered}; logged 'duplicate update ignored': ${dropped})`,
      ).toBeDefined()
    },
    120_000,
  )
})
