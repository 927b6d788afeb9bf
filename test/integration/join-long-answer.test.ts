import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

/** Chat input the bot cuts before storing it: never half an emoji (PostgreSQL and Telegram refuse those). */
describe('a long answer cut at an emoji', () => {
  let api: Api
  let telegram: FakeTelegram
  const logs: string[] = []
  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    api = await startApi(
      '2026-03-05T10:00:00Z',
      { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: telegram.url },
      { logs },
    )
  })
  afterAll(async () => {
    await api?.close()
    await telegram?.stop()
  })

  /** Joins melbet through its deep link up to the traffic-sources question; the count of the bot's messages. */
  const upToTraffic = async (chat: number) => {
    telegram.languages.set(chat, 'en')
    await telegram.sendText(chat, '/start melbet')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, ':company')
    await telegram.keyboardAfter(chat, 3)
    await telegram.press(chat, ':other')
    await telegram.nthText(chat, 4)
    await telegram.sendText(chat, 'lv')
    expect((await telegram.keyboardAfter(chat, 5)).text).toContain('18')
    await telegram.press(chat, ':yes')
    await telegram.nthText(chat, 6)
  }

  it('joining melbet with traffic sources longer than 2000 characters, an emoji at the cut, enrols the partner (no generic error, no message text in the logs)', async () => {
    const chat = 88_001
    await upToTraffic(chat)
    // a partner describes their channels at length (Telegram allows 4096 characters; the bot keeps 2000): the
    // emoji's two UTF-16 halves sit at characters 2000 and 2001, so slice(0, 2000) keeps half of it
    const sources = `${'My football blog, '.repeat(111)}a😀 channel, SECRET-MARKER-${chat}`
    expect(sources.charCodeAt(1999)).toBe(0xd83d)
    await telegram.sendText(chat, sources)
    expect(await telegram.nthText(chat, 7)).toMatch(/^🎉 You are now a partner of Melbet/)
    const partner = await api.service.db.prisma.partner.findUnique({
      where: { telegramId: BigInt(chat) },
      include: { enrolments: true },
    })
    expect(partner?.enrolments[0]?.programKey).toBe('melbet')
    // whatever happened, what the partner typed never reaches a log line
    expect(logs.filter((l) => l.includes('My football blog'))).toEqual([])
  })
})
