import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * (Found by an outside review.) A partner whose only agreement has ended (they left the program) and who earned nothing writes /earnings. /link
 * says their links no longer earn; /earnings must not invite them to share those links ("No earnings yet. Share your
 * links and promo codes (/link) — every commission will show here").
 */
describe('/earnings after the only agreement ended', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each(['kk', 'ka'])('does not tell a partner with an ended agreement to share links (%s)', async (language) => {
    const t = createI18n().t(language as 'kk')
    const chat = language === 'kk' ? 86_301 : 86_302
    telegram.languages.set(chat, language)
    const p = await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    // the partner leaves jqsee through /settings -> Leave a program -> the program -> Yes
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, 'st:leave')
    await waitFor(() => telegram.lastKeyboard(chat)?.buttons.find((b) => b.data.startsWith('lp:ask:')), 10_000)
    await telegram.press(chat, 'lp:ask:jqsee')
    await waitFor(() => telegram.lastKeyboard(chat)?.buttons.find((b) => b.data.startsWith('lp:yes:')), 10_000)
    await telegram.press(chat, 'lp:yes:jqsee')
    await waitFor(async () => {
      const e = await api.service.db.prisma.enrolment.findFirstOrThrow({
        where: { partnerId: p.partner, programKey: 'jqsee' },
      })
      return e.status === 'terminated' ? e : undefined
    }, 10_000)
    await telegram.nthText(chat, 4) // "You left JQSEE..."
    await new Promise((r) => setTimeout(r, 500))

    const before = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/link')
    const link = await telegram.nthText(chat, before + 1)
    expect(link).toBe(t('link.ended', { program: 'JQSEE' }))
    await telegram.sendText(chat, '/earnings')
    const earnings = await telegram.nthText(chat, before + 2)
    expect(earnings, 'an ended agreement is invited to share its links').not.toContain(t('earnings.nothing_yet'))
    // it says the agreement ended, as /link does
    expect(earnings).toBe(t('link.ended', { program: 'JQSEE' }))
    // the Statistics button under it: no invitation to share the links either
    const stats = telegram.lastKeyboard(chat)!
    await telegram.pressButton(chat, stats.message_id, stats.buttons.find((b) => b.data.startsWith('perf'))!.data)
    expect(await telegram.nthText(chat, before + 3)).toBe(t('link.ended', { program: 'JQSEE' }))
  })
})
