import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * worksection-referral (programs.md: "the partner may object in writing within 3 days"; the window runs from when the
 * partner was told, core/use-cases/terms.ts). The notice says only «нажмите «Возразить» в течение 3 дней» — a
 * relative deadline with no date, no hour and no zone — and /terms, which shows the pending change with the same
 * buttons, says nothing of it at all. Four days later /terms still offers «✋ Возразить», and pressing it answers
 * «Срок для возражений уже истёк»: the partner was never told the date, and the bot offers a button that can only be
 * refused.
 */
describe('ru: the objection window of a term change has a date the partner can read', () => {
  const env = withTelegram('2026-03-02T10:00:00Z')

  it('the notice names the last day to object; /terms offers no «✋ Возразить» once it has passed', async () => {
    const { api, telegram } = env()
    const chat = 95_501
    telegram.languages.set(chat, 'ru')
    await api.enrolled('worksection-referral', {
      name: 'Пётр',
      language: 'ru',
      legalType: 'individual',
      telegramId: chat,
    })
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-12T10:00:00Z',
      texts: { en: 'Rewards for Bronze become $30.', ru: 'Бронза: 30 $.' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const id = draft.body.version.id as string
    expect((await api.operator('POST', `/v1/terms/${id}/publish`, {})).status).toBe(201)

    // told on 2 March at 12:00 Kyiv time: the 3 days end on 5 March
    const notice = await telegram.nthText(chat, 1)
    expect.soft(notice).toContain('5 марта 2026')
    // the window runs from the delivery as recorded: wait for the record before the clock moves on (recorded after
    // the clock moved, it would start on 6 March)
    const broadcast = (await api.operator('GET', '/v1/broadcasts?program=worksection-referral')).body.broadcasts[0].id
    await waitUntil(async () =>
      (await api.operator('GET', `/v1/broadcasts/${broadcast}`)).body.broadcast.sent >= 1 ? true : undefined,
    )

    // 6 March: the window is over (pressing «Возразить» now answers «Срок для возражений уже истёк»)
    api.clock.set('2026-03-06T12:00:00Z')
    const since = telegram.calls.length
    await telegram.sendText(chat, '/terms')
    const pending = await telegram.waitForCall(
      'sendMessage',
      (c) =>
        Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('📜 Предстоящее изменение условий'),
      10_000,
      since,
    )
    const rm = pending.payload.reply_markup
    const markup = typeof rm === 'string' ? JSON.parse(rm) : rm
    const buttons = ((markup?.inline_keyboard ?? []) as any[][]).flat()
    expect.soft(buttons.map((b) => b.callback_data)).not.toContain(`tv:obj:${id}`)
  })
})
