import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { endingText } from '../../bots/shared/ending-text.ts'
import { partnerErrorText } from '../../bots/telegram/format.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * (Found by an outside review.) /settings -> Leave a program: the partner taps JQSEE twice in the list (two confirmations), says "Yes, leave" on
 * the second — the agreement ends at once — and later "No, stay" on the first. They are told "You stay in JQSEE;
 * nothing has changed", which is false; and the list's JQSEE button, still on screen, offers to leave it again.
 */
describe('leaving a program: stale buttons after the agreement ended', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each(['kk', 'lv'])('"No, stay" and the old list do not pretend the partner is still in (%s)', async (language) => {
    const t = createI18n().t(language as 'kk')
    const chat = language === 'kk' ? 86_401 : 86_402
    telegram.languages.set(chat, language)
    const p = await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, 'st:leave')
    const list = await telegram.keyboardAfter(chat, 2)
    await telegram.pressButton(chat, list.message_id, 'lp:ask:jqsee')
    const first = await telegram.keyboardAfter(chat, 3)
    await telegram.pressButton(chat, list.message_id, 'lp:ask:jqsee')
    const second = await telegram.keyboardAfter(chat, 4)
    expect(second.message_id).not.toBe(first.message_id)
    await telegram.pressButton(chat, second.message_id, 'lp:yes:jqsee')
    await waitFor(async () => {
      const e = await api.service.db.prisma.enrolment.findFirstOrThrow({
        where: { partnerId: p.partner, programKey: 'jqsee' },
      })
      return e.status === 'terminated' ? e : undefined
    }, 10_000)
    await telegram.nthText(chat, 5) // "You left JQSEE..."

    // "No, stay" on the first confirmation
    const before = telegram.calls.length
    await telegram.pressButton(chat, first.message_id, 'lp:no:jqsee')
    await telegram.waitForCall('answerCallbackQuery', undefined, 10_000, before)
    await new Promise((r) => setTimeout(r, 800))
    const said = telegram.calls
      .slice(before)
      .filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText')
      .map((c) => String(c.payload.text))
    expect(said, JSON.stringify(said)).not.toContain(t('endings.leave.kept', { program: 'JQSEE' }))

    // the list's button, still on screen: no offer to leave a program already left
    const n = telegram.textsTo(chat).length
    await telegram.pressButton(chat, list.message_id, 'lp:ask:jqsee')
    await new Promise((r) => setTimeout(r, 1000))
    const offered = telegram.textsTo(chat).slice(n)
    expect(
      offered.some((x) => x.startsWith(t('endings.leave.confirm_now', { program: 'JQSEE' }))),
      JSON.stringify(offered),
    ).toBe(false)

    // each says the agreement has ended, as the answer to leaving did
    const facts = (await api.service.core.endings.notice(p.partner, 'jqsee'))!
    const ended = endingText(t, language, facts, 'ended')
    expect(said).toContain(ended)
    expect(offered).toEqual([ended])
    // "Yes" again on the first confirmation: the same, not the desk's «transition not allowed»
    const m = telegram.textsTo(chat).length
    await telegram.pressButton(chat, first.message_id, 'lp:yes:jqsee')
    expect(await telegram.nthText(chat, m + 1)).toBe(ended)
    // a forged button for a program never joined: not in it
    await telegram.pressButton(chat, list.message_id, 'lp:ask:melbet')
    const notIn = { code: 'enrolment.not_found' as const, data: { partner: p.partner, program: 'melbet' } }
    expect(await telegram.nthText(chat, m + 2)).toBe(
      partnerErrorText(t, language, notIn, { programs: api.service.core.programs }),
    )
  })
})
