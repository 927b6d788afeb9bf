import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { programName } from '../../core/programs/names.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Joining through the bot, where it used to go wrong (the partner-journey review): an applicant told "you are already a
 * partner", an applicant of worksection-partner taken through the whole worksection-referral join before its refusal,
 * a photo sent where a typed answer is awaited left unanswered, and the acceptance dated by the machine's clock.
 */
describe('telegram: joining, the edges', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  const i18n = createI18n()
  const nameOf = (key: string, lang: string) => programName(api.service.core.programs.get(key)!, lang)
  let chat = 96_000

  it.each(['ru', 'ka'] as Language[])(
    'an applicant opening the link again reads that the application waits (%s)',
    async (lang) => {
      const { chat: c } = await applyThroughBot(api, telegram, ++chat, lang)
      await telegram.sendText(c, '/start worksection-partner')
      expect(await telegram.nthText(c, 7)).toBe(
        i18n.t(lang)('applications.pending', { program: nameOf('worksection-partner', lang) }),
      )
    },
  )

  it.each(['kk', 'en'] as Language[])(
    'an applicant of worksection-partner is refused worksection-referral at once, before its terms (%s)',
    async (lang) => {
      const { chat: c } = await applyThroughBot(api, telegram, ++chat, lang)
      await telegram.sendText(c, '/start worksection-referral')
      const refusal = await telegram.nthText(c, 7)
      expect(refusal).toContain(nameOf('worksection-partner', lang))
      expect(refusal).toContain(nameOf('worksection-referral', lang))
      await new Promise((r) => setTimeout(r, 300))
      expect(telegram.textsTo(c)).toHaveLength(7)
      expect(telegram.lastKeyboard(c)?.buttons.some((b) => b.data.endsWith(':accept')) ?? false).toBe(false)
    },
  )

  it.each(['lv', 'en'] as Language[])('an applicant’s /payout says the application waits (%s)', async (lang) => {
    const { chat: c } = await applyThroughBot(api, telegram, ++chat, lang)
    await telegram.sendText(c, '/payout')
    expect(await telegram.nthText(c, 7)).toBe(
      i18n.t(lang)('applications.pending_payout', { program: nameOf('worksection-partner', lang) }),
    )
  })

  it('a photo sent where a country code is awaited is told a text is wanted; the code typed then goes on (ka)', async () => {
    const c = ++chat
    telegram.languages.set(c, 'ka')
    const t = i18n.t('ka')
    await telegram.sendText(c, '/start quantower')
    await telegram.keyboardAfter(c, 1)
    await telegram.press(c, ':accept')
    await telegram.keyboardAfter(c, 2)
    await telegram.press(c, ':individual')
    await telegram.keyboardAfter(c, 3)
    await telegram.press(c, ':other')
    expect(await telegram.nthText(c, 4)).toBe(t('join.country_code'))
    await telegram.sendFile(c, 'photo', Buffer.from('not a country'))
    expect(await telegram.nthText(c, 5)).toBe(t('join.type_answer'))
    await telegram.sendText(c, 'de')
    expect(await telegram.nthText(c, 6)).toBe(t('join.welcome', { program: nameOf('quantower', 'ka') }))
    const e = await api.service.db.prisma.enrolment.findFirstOrThrow({
      where: { partner: { telegramId: BigInt(c) }, programKey: 'quantower' },
    })
    // accepted at the service's time (contract 5), not the machine's
    expect(e.acceptedTermsAt).toEqual(api.clock.now())
  })

  it('a partner joining a second program is not asked who they are again, and an API enrolment as the other legal type is refused (lv)', async () => {
    const c = ++chat
    telegram.languages.set(c, 'lv')
    const t = i18n.t('lv')
    await api.enrolled('jqsee', { name: 'Firma', language: 'lv', legalType: 'company', country: 'LV', telegramId: c })
    await telegram.sendText(c, '/start quantower')
    await telegram.keyboardAfter(c, 1)
    await telegram.press(c, ':accept')
    // no legal type, no country: straight to the welcome
    expect(await telegram.nthText(c, 2)).toBe(t('join.welcome', { program: nameOf('quantower', 'lv') }))
    const partner = await api.service.db.prisma.partner.findFirstOrThrow({ where: { telegramId: BigInt(c) } })
    expect([partner.legalType, partner.country]).toEqual(['company', 'LV'])
    // the operator API enrolling the same account as an individual: 409, nothing joined
    const other = await api.enrol('chetup', {
      ...{ name: 'Firma', language: 'lv', legalType: 'individual', country: 'LV', telegramId: c },
    })
    expect([other.status, other.body.error.code]).toEqual([409, 'enrolment.legal_type_conflict'])
    const joined = await api.service.db.prisma.enrolment.findMany({ where: { partnerId: partner.id } })
    expect(joined.map((e) => e.programKey).sort()).toEqual(['jqsee', 'quantower'])
  })
})
