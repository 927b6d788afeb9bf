import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { endingText } from '../../bots/shared/ending-text.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * (Found by an outside review.) worksection-referral (Georgian): the partner taps "Object" twice under the change (two confirmations arrive),
 * confirms on the second — the agreement ends — then taps "Back" on the first. The bot must not tell them that
 * nothing changed and their agreement stays in force: it has ended.
 */
describe('term change: "Back" on an older confirmation after the objection was confirmed', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('is not answered with "your agreement remains in force" once it has ended (ka)', async () => {
    const chat = 86_101
    const t = createI18n().t('ka')
    telegram.languages.set(chat, 'ka')
    const p = await api.enrolled('worksection-referral', {
      name: 'P',
      language: 'ka',
      legalType: 'individual',
      telegramId: chat,
    })
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-20T00:00:00Z',
      texts: { ka: '20 მარტიდან საკომისიო 15%-ია.', en: 'From 20 March the commission is 15%.' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    const change = await telegram.keyboardAfter(chat, 1)
    const object = change.buttons.find((b) => b.data.startsWith('tv:obj:'))!
    // two taps on "Object": two confirmations (the change's own buttons stay under it)
    await telegram.pressButton(chat, change.message_id, object.data)
    const first = await telegram.keyboardAfter(chat, 2)
    await telegram.pressButton(chat, change.message_id, object.data)
    const second = await telegram.keyboardAfter(chat, 3)
    expect(second.message_id).not.toBe(first.message_id)
    // "Yes, I object" on the second: the agreement ends
    await telegram.pressButton(chat, second.message_id, second.buttons[0]!.data)
    const enrolment = () =>
      api.service.db.prisma.enrolment.findFirstOrThrow({
        where: { partnerId: p.partner, programKey: 'worksection-referral' },
      })
    await waitFor(async () => ((await enrolment()).endsAt ? true : undefined), 10_000)
    await telegram.nthText(chat, 4)

    // "Back" on the first confirmation, still on screen with its buttons
    const before = telegram.calls.length
    await telegram.pressButton(chat, first.message_id, first.buttons[1]!.data)
    await telegram.waitForCall('answerCallbackQuery', undefined, 10_000, before)
    await new Promise((r) => setTimeout(r, 800))
    const said = telegram.calls
      .slice(before)
      .filter((c) => ['sendMessage', 'editMessageText', 'answerCallbackQuery'].includes(c.method))
      .map((c) => String(c.payload.text ?? ''))
      .filter(Boolean)
    const kept = t('terms.object.kept', { program: 'Worksection (რეფერალური)' })
    expect(said, `the partner was told: ${JSON.stringify(said)}`).not.toContain(kept)
    expect((await enrolment()).endsAt).not.toBeNull()
    // it says the agreement has ended because of the objection, as the notice of it words it
    const facts = (await api.service.core.endings.notice(p.partner, 'worksection-referral'))!
    expect(facts.reason).toBe('terms_objection')
    expect(said).toContain(endingText(t, 'ka', facts, 'ended'))
  })
})
