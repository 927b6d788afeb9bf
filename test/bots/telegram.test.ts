import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { createMetrics } from '../../bots/metrics.ts'
import { createTelegramBot } from '../../bots/telegram/bot.ts'
import { serveHttp, silentPino, TEST_TOKEN, telegramAgainst } from '../helpers/bots.ts'
import { fakeCore } from '../helpers/core.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

describe('telegram bot against a fake Bot API', () => {
  let fake: FakeTelegram
  let stop: (() => Promise<void>) | undefined

  beforeEach(async () => {
    fake = await new FakeTelegram().start()
  })
  afterEach(async () => {
    await stop?.()
    stop = undefined
    await fake.stop()
  })

  async function polling() {
    const { core } = fakeCore()
    const { surface } = telegramAgainst(fake, core)
    await surface.start()
    stop = () => surface.stop()
  }

  it('registers the command menu in all five languages', async () => {
    await polling()
    const menus = fake.calls.filter((c) => c.method === 'setMyCommands')
    const byLang = Object.fromEntries(menus.map((c) => [c.payload.language_code ?? 'default', c.payload.commands]))
    expect(Object.keys(byLang).sort()).toEqual(['default', 'en', 'ka', 'kk', 'lv', 'ru'])
    expect(byLang.ru.map((c: { command: string }) => c.command)).toEqual([
      'start',
      'link',
      'earnings',
      'stats',
      'payout',
      'dispute',
      'terms',
      'settings',
      'language',
      'cancel',
      'help',
    ])
    expect(byLang.ru[0]).toEqual({ command: 'start', description: 'Начать' })
    expect(byLang.ru.at(-1)).toEqual({ command: 'help', description: 'Что умеет бот' })
    expect(byLang.ka[0].description).toBe('დაწყება')
    expect(byLang.lv[3]).toEqual({ command: 'stats', description: 'Klikšķi, reģistrācijas un pārdošanas' })
    expect(fake.calls.every((c) => c.token === TEST_TOKEN)).toBe(true)
  })

  it.each([
    ['en', 'Hello, User501! I am your partner assistant.'],
    ['ru', 'Здравствуйте, User501! Я ваш помощник по партнёрским программам.'],
    ['kk', 'Сәлеметсіз бе, User501!'],
    ['ka', 'გამარჯობა, User501!'],
    ['lv', 'Sveiki, User501!'],
    ['de', 'Hello, User501!'],
  ])('/start answers in the Telegram app language (%s)', async (lang, greeting) => {
    await polling()
    fake.languages.set(501, lang)
    await fake.sendText(501, '/start')
    const call = await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 501)
    expect(String(call.payload.text).startsWith(greeting)).toBe(true)
  })

  it('answers unknown text and stale buttons helpfully, never leaving a button spinning', async () => {
    await polling()
    fake.languages.set(502, 'lv')
    await fake.sendText(502, 'cik es nopelnīju?')
    await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 502)
    expect(fake.textsTo(502)).toEqual([
      'Nesapratu. Nosūtiet /help, lai redzētu, ko es protu, vai /dispute, lai rakstītu atbalsta komandai.',
    ])

    await fake.sendText(502, '/help')
    await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 502 && String(c.payload.text).startsWith('Ko'))
    const [help] = fake.textsTo(502).slice(-1)
    const sent = [...fake.messages.values()].find((m) => m.chat.id === 502)
    const queryId = await fake.pressButton(502, sent.message_id, 'v1:gone:42')
    const answer = await fake.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === queryId)
    expect(answer.payload.text).toBe('Šī poga vairs nedarbojas.')
    expect(help).toContain('/start')
  })

  it('forged or stale callback data is answered as an inactive button and changes nothing', async () => {
    await polling()
    fake.languages.set(503, 'lv')
    await fake.sendText(503, '/help')
    await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 503)
    const sent = [...fake.messages.values()].find((m) => m.chat.id === 503)
    const press = async (data: string) => {
      const id = await fake.pressButton(503, sent.message_id, data)
      return (await fake.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === id)).payload
    }
    const inactive = 'Šī poga vairs nedarbojas.'
    // every store of this core refuses loudly: a forged button that reached core would be answered with an error
    for (const data of [
      'tv:ack:not-a-uuid',
      'tv:drop:6f1c2c1e-9d4b-4a3e-8f50-1a2b3c4d5e6f',
      'dsp:add:0',
      'dsp:view:12:extra',
      'dsp:add:1234567890',
      'st:drop_tables',
      'lang:xx',
    ])
      expect((await press(data)).text, data).toBe(inactive)
    // well-formed data reaches its handler (here: the user is not a partner yet)
    expect((await press('tv:ack:6f1c2c1e-9d4b-4a3e-8f50-1a2b3c4d5e6f')).text).not.toBe(inactive)
    // nothing was sent or edited in the chat besides the /help answer
    expect(fake.textsTo(503)).toHaveLength(1)
    expect(fake.calls.filter((c) => c.method.startsWith('edit'))).toEqual([])
  })

  it('an update delivered twice (a webhook retry) is answered once', async () => {
    const { core } = fakeCore()
    const bot = createTelegramBot({
      token: TEST_TOKEN,
      apiRoot: fake.url,
      core,
      i18n: createI18n(),
      logger: silentPino(),
      metrics: createMetrics(),
      linkBase: () => 'https://partners.example.com',
    })
    await bot.init()
    const update = {
      update_id: 777,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: 511, type: 'private' as const, first_name: 'A' },
        from: { id: 511, is_bot: false, first_name: 'A' },
        text: '/help',
        entities: [{ type: 'bot_command' as const, offset: 0, length: 5 }],
      },
    }
    await bot.handleUpdate(update)
    await bot.handleUpdate(update)
    await bot.handleUpdate({ ...update, update_id: 778 })
    expect(fake.textsTo(511)).toHaveLength(2)
  })

  it('a flood from one user is cut off with one warning; others are still served', async () => {
    await polling()
    for (let i = 0; i < 30; i++) await fake.sendText(512, `spam ${i}`)
    await fake.sendText(513, '/help')
    await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 513, 10_000)
    await waitFor(() => (fake.textsTo(512).length >= 21 ? true : undefined), 10_000)
    const texts = fake.textsTo(512)
    expect(texts).toHaveLength(21)
    expect(texts.filter((t) => t.startsWith('You are sending messages too fast'))).toHaveLength(1)
  })

  it('waits out a 429 from Telegram (retry_after) and still answers', async () => {
    await polling()
    fake.rateLimitNext('sendMessage', 1)
    const started = performance.now()
    await fake.sendText(503, '/help')
    const attempts = () => fake.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 503)
    await waitFor(() => attempts().length === 2 || undefined, 5000)
    expect(attempts().map((c) => String(c.payload.text).split('\n')[0])).toEqual(['What I can do:', 'What I can do:'])
    expect(performance.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('survives a partner who blocked the bot (403) and keeps serving others', async () => {
    await polling()
    fake.blocked.add(504)
    await fake.sendText(504, '/start')
    await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 504)
    await fake.sendText(505, '/start')
    await fake.waitForCall('sendMessage', (c) => c.payload.chat_id === 505)
    // one refused attempt: a 403 is not retried, and no error notice is sent to a chat that cannot receive it
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 504)).toHaveLength(1)
  })

  describe('webhook mode', () => {
    let close: (() => Promise<void>) | undefined
    afterEach(async () => {
      await close?.()
    })

    async function webhook(secret: string) {
      const { core } = fakeCore()
      const { surface } = telegramAgainst(fake, core, { mode: 'webhook', webhookUrl: 'http://127.0.0.1:1/x', secret })
      const http = await serveHttp({ core, telegramWebhook: surface.webhook })
      close = http.close
      const url = `${http.base}/telegram/webhook`
      await surface.start()
      webhookCore = core
      return url
    }
    let webhookCore: ReturnType<typeof fakeCore>['core'] | undefined

    it('registers the webhook with its secret and answers updates that carry it', async () => {
      const url = await webhook('wh_secret-1')
      const set = await fake.waitForCall('setWebhook')
      expect(set.payload.secret_token).toBe('wh_secret-1')
      const update = {
        update_id: 9001,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 601, type: 'private', first_name: 'A' },
          from: { id: 601, is_bot: false, first_name: 'Aru', language_code: 'kk' },
          text: '/start',
          entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      }
      const ok = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wh_secret-1' },
        body: JSON.stringify(update),
      })
      expect(ok.status).toBe(200)
      expect(fake.textsTo(601)[0]).toMatch(/^Сәлеметсіз бе, Aru!/)
    })

    it('refuses a wrong or missing secret with 401 and handles nothing', async () => {
      const url = await webhook('wh_secret-1')
      const body = JSON.stringify({
        update_id: 9002,
        message: { message_id: 1, date: 1, chat: { id: 602, type: 'private' }, text: '/start' },
      })
      for (const headers of [{ 'x-telegram-bot-api-secret-token': 'guess' }, {}] as Record<string, string>[]) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        })
        expect(res.status).toBe(401)
      }
      expect(fake.textsTo(602)).toEqual([])
    })

    it('refuses an update whose ids are not Telegram ids (400), and acknowledges one whose handler fails', async () => {
      const url = await webhook('wh_secret-1')
      const post = (body: unknown) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wh_secret-1' },
          body: JSON.stringify(body),
        })
      const message = (from: unknown) => ({
        update_id: 9100,
        message: { message_id: 1, date: 1, chat: { id: 603, type: 'private' }, from, text: '/start' },
      })
      for (const bad of [
        message({ id: '603', is_bot: false, first_name: 'S' }),
        message({ id: 1e30, is_bot: false, first_name: 'S' }),
        message({ id: 1.5, is_bot: false, first_name: 'S' }),
        { update_id: -1 },
        { update_id: 'x' },
        [1, 2],
        { update_id: 9101, callback_query: { id: 'q', from: null, data: 'x' } },
      ]) {
        const res = await post(bad)
        expect(res.status, JSON.stringify(bad)).toBe(400)
      }
      expect(fake.textsTo(603)).toEqual([])
      // a handler that throws (here: core cannot be reached) does not turn into a 500 that Telegram would resend
      webhookCore!.partners.byTelegram = async () => {
        throw new Error('database unreachable')
      }
      const failing = await post({
        update_id: 9102,
        callback_query: {
          id: 'q1',
          chat_instance: 'c',
          from: { id: 604, is_bot: false, first_name: 'F' },
          message: { message_id: 1, date: 1, chat: { id: 604, type: 'private' } },
          data: 'no-such-button',
        },
      })
      expect(failing.status).toBe(200)
    })

    it('answers malformed JSON with the API error shape', async () => {
      const url = await webhook('wh_secret-1')
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wh_secret-1' },
        body: '{"update_id":',
      })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: { code: 'invalid_json', message: 'The body is not valid JSON' } })
    })
  })
})
