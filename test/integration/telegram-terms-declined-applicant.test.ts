import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { partnerErrorText } from '../../bots/telegram/format.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) A worksection-partner applicant whose application was declined has no agreement: /terms may show the coming change,
 * but offers no Acknowledge / Object, and an "Object" pressed anyway (a button /terms showed) records nothing and
 * sends support no objection.
 */
describe('declined applicant and a coming term change', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each(['ka', 'kk'])('no answer buttons, and an objection is not recorded (%s)', async (language) => {
    const a = await applyThroughBot(api, telegram, language === 'ka' ? 86_201 : 86_202, language)
    const declined = await api.operator('POST', `/v1/programs/worksection-partner/partners/${a.partner}/decline`, {
      reason: 'not a fit',
    })
    expect(declined.status, JSON.stringify(declined.body)).toBe(200)
    await telegram.nthText(a.chat, 7) // told the application was declined
    const draft = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-20T00:00:00Z',
      texts: { [language]: 'CHANGE', en: 'CHANGE' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const versionId = draft.body.version.id as string
    expect((await api.operator('POST', `/v1/terms/${versionId}/publish`, {})).status).toBe(201)

    const before = telegram.textsTo(a.chat).length
    await telegram.sendText(a.chat, '/terms')
    await telegram.nthText(a.chat, before + 2)
    await new Promise((r) => setTimeout(r, 500))
    const answerButtons = [...telegram.messages.values()]
      .filter((m) => m.chat.id === a.chat && m.reply_markup?.inline_keyboard)
      .flatMap((m) => (m.reply_markup.inline_keyboard as any[][]).flat())
      .filter((b) => String(b.callback_data ?? '').includes(versionId))
    expect(
      answerButtons.map((b) => b.text),
      'a declined applicant is offered to answer the change',
    ).toEqual([])

    // the Object button as /terms showed it (or a forged one): nothing recorded
    // (pressed under the change /terms showed: it has no buttons now, but one from before the fix may be on screen)
    const change = [...telegram.messages.values()].filter((m) => m.chat.id === a.chat).at(-1)!
    const calls = telegram.calls.length
    await telegram.pressButton(a.chat, change.message_id, `tv:obj:${versionId}`)
    const alert = await telegram.waitForCall('answerCallbackQuery', () => true, 10_000, calls)
    // the press is answered in the applicant's words: no agreement, so nothing to answer
    const t = createI18n().t(language as 'ka')
    const refusal = {
      code: 'terms.no_agreement' as const,
      data: { program: 'worksection-partner', status: 'declined' },
    }
    expect(alert.payload.text).toBe(partnerErrorText(t, language, refusal, { programs: api.service.core.programs }))
    await new Promise((r) => setTimeout(r, 800))
    const answers = await api.service.db.prisma.termsAnswer.findMany({
      where: { partnerId: a.partner, termsVersionId: versionId },
    })
    expect(answers, 'an objection was recorded for a declined applicant').toEqual([])
  })
})
