import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * (Found by an outside review.) A dispute's view offered "✍️ Answer" («Жауап беру») under a dispute support had not
 * written in yet: nothing to answer. The view's button says "Add to the dispute" until support's message is the
 * last one; then it is an answer. The notice of support's reply keeps "Answer".
 */
describe('telegram dispute view: add or answer', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['en', 95_201],
    ['kk', 95_202],
    ['ru', 95_203],
    ['ka', 95_204],
    ['lv', 95_205],
  ] as const)('%s: "add" while support has not written, "answer" once support replied', async (language, chat) => {
    const t = createI18n().t(language)
    telegram.languages.set(chat, language)
    const { partner: partnerId } = await api.enrolled('jqsee', {
      name: 'P',
      language,
      legalType: 'individual',
      telegramId: chat,
    })
    const opened = await api.service.core.disputes.open({
      partnerId,
      programKey: 'jqsee',
      subject: 'other',
      text: 'Where is my bonus?',
      attachments: [],
      source: 'telegram',
      sourceRef: `${chat}:1`,
      enrolledPrograms: ['jqsee'],
    })
    const { number } = await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: opened.id } })
    const view = async () => {
      const before = telegram.textsTo(chat).length
      await telegram.sendText(chat, '/dispute')
      await telegram.keyboardAfter(chat, before + 1)
      await telegram.press(chat, `dsp:view:${number}`)
      return telegram.keyboardAfter(chat, before + 2)
    }
    const first = await view()
    expect(first.buttons.map((b) => b.text)).toEqual([t('disputes.add_button')])
    expect(t('disputes.add_button')).not.toBe(t('disputes.answer_button'))

    await api.service.core.disputes.reply({
      disputeId: opened.id,
      actor: 'slack:U0SUPPORT',
      text: 'Which month?',
      source: 'slack_modal',
      sourceRef: `m-${chat}`,
    })
    // the reply's notice answers
    const notice = await waitFor(() =>
      telegram.calls.find(
        (c) =>
          c.method === 'sendMessage' &&
          Number(c.payload.chat_id) === chat &&
          String(c.payload.text).includes('Which month?'),
      ),
    )
    expect(JSON.stringify(notice.payload.reply_markup)).toContain(JSON.stringify(t('disputes.answer_button')))
    const second = await view()
    expect(second.buttons.map((b) => b.text)).toEqual([t('disputes.answer_button')])
  })
})
