import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

const i18n = createI18n()

/**
 * A plain /start names the partner's programs and lists the others "you can join" with their links. A program the
 * join link would refuse (worksection-referral while in worksection-partner, seed 001 3.3.2) or one whose agreement
 * ended (the link cannot start it again) is no program to join, and an ended one is no longer the partner's.
 */
describe('telegram /start: the programs listed are the ones the partner is in and can join', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['kk', 9301, 'Worksection (серіктестік)'],
    ['en', 9302, 'Worksection partner program'],
  ] as const)(
    'an applicant to worksection-partner is not offered worksection-referral (%s)',
    async (language, chat, name) => {
      const t = i18n.t(language as Language)
      await applyThroughBot(api, telegram, chat, language)
      await telegram.sendText(chat, '/start')
      const start = await telegram.nthText(chat, 7)
      expect(start).toContain(t('start.your_programs', { programs: name }))
      expect(start).toContain('?start=quantower')
      expect(start).not.toContain('?start=worksection-referral')
      // the link itself refuses, as the list now tells beforehand
      await telegram.sendText(chat, '/start worksection-referral')
      expect(await telegram.nthText(chat, 8)).not.toContain('🤝')
    },
  )

  it.each([
    ['kk', 9311],
    ['en', 9312],
  ] as const)(
    'a partner who left quantower no longer reads it as theirs, nor as one to join (%s)',
    async (language, chat) => {
      const t = i18n.t(language as Language)
      telegram.languages.set(chat, language)
      const r = await api.enrol('quantower', { name: 'P', language, legalType: 'individual', telegramId: chat })
      expect(r.status).toBe(201)
      await telegram.sendText(chat, '/settings')
      await telegram.keyboardAfter(chat, 1)
      await telegram.press(chat, 'st:leave')
      await telegram.keyboardAfter(chat, 2)
      await telegram.press(chat, 'lp:ask:quantower')
      await telegram.keyboardAfter(chat, 3)
      await telegram.press(chat, 'lp:yes:quantower')
      await telegram.nthText(chat, 4)
      await waitFor(async () => {
        const e = await api.service.db.prisma.enrolment.findFirst({
          where: { partner: { telegramId: BigInt(chat) }, programKey: 'quantower' },
        })
        return e?.status === 'terminated' ? e : undefined
      }, 10_000)
      await telegram.sendText(chat, '/start')
      const start = await telegram.nthText(chat, 5)
      expect(start).not.toContain(t('start.your_programs', { programs: 'Quantower' }).split(':')[0]!)
      expect(start).not.toContain('?start=quantower')
      expect(start).toContain(t('start.programs'))
      expect(start).toContain('?start=jqsee')
    },
  )
})
