import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { type Service, startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { form, postSigned } from '../helpers/slack-sign.ts'
import { waitUntil } from '../helpers/wait.ts'

/** The whole service in-process, both chat surfaces on, against fakes, on real PostgreSQL and Redis. */
describe('the service with both chat surfaces', () => {
  let telegram: FakeTelegram
  let slack: FakeSlack
  let service: Service
  let drop: () => Promise<void>

  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    slack = await new FakeSlack().start()
    const db = freshDatabaseUrl()
    drop = db.drop
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: inject('redisUrl'),
      // a prefix of its own: Redis outlives the run (seen update ids, conversations, queues)
      REDIS_PREFIX: `svc${Math.random().toString(36).slice(2, 8)}`,
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      SLACK_BOT_TOKEN: 'xoxb-svc',
      SLACK_SIGNING_SECRET: 'svc-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      SLACK_ADMIN_USERS: 'U0SVCADMIN', // /pa status is for the desk's roles
    })
    service = await startService(config, { clock: new ManualClock('2026-03-02T09:00:00Z') })
  })
  afterAll(async () => {
    await service?.close()
    await drop?.()
    await telegram?.stop()
    await slack?.stop()
  })

  it('is ready', async () => {
    const res = await fetch(`${service.url}/readyz`)
    expect(res.status).toBe(200)
  })

  it('the partner bot long-polls and answers', async () => {
    telegram.languages.set(77, 'ru')
    await telegram.sendText(77, '/start')
    await telegram.waitForCall('sendMessage', (c) => c.payload.chat_id === 77, 15_000)
    expect(telegram.textsTo(77)[0]).toMatch(/^Здравствуйте, User77!/)
  })

  it('the Slack app answers on the same HTTP server', async () => {
    const body = form({
      command: '/pa',
      text: 'status',
      user_id: 'U0SVCADMIN',
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: 't',
      response_url: slack.responseUrl('s1'),
    })
    const res = await postSigned(
      `${service.url}/slack/events`,
      'svc-signing-secret',
      body,
      'application/x-www-form-urlencoded',
    )
    expect(res.status).toBe(200)
    // acknowledged at once; the answer follows through the response_url
    await waitUntil(() => slack.responses[0])
    expect(slack.responses[0]!.body.text.split('\n')).toEqual([
      ':large_green_circle: The service is ready.',
      expect.stringMatching(/^database: OK \(\d+ ms\)$/),
      expect.stringMatching(/^migrations: OK \(\d+ ms\)$/),
      expect.stringMatching(/^redis: OK \(\d+ ms\)$/),
      expect.stringMatching(/^schedules: OK \(\d+ ms\)$/),
    ])
  })

  it('closes everything: HTTP stops answering, polling stops', async () => {
    await service.close()
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow()
    const polls = telegram.calls.filter((c) => c.method === 'getUpdates').length
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.calls.filter((c) => c.method === 'getUpdates').length).toBe(polls)
    await service.close() // idempotent
  })
})
