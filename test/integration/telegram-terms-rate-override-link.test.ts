import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

const i18n = createI18n()

/**
 * quantower attributes by referral link only; the company may raise its rate for a partner (seed 004) or give one
 * of the partner's links its own rate (an extra code, contract section 7). Its terms, as the join shows them, speak
 * of links, while jqsee, a promo-code program, keeps speaking of promo codes.
 */
describe('telegram join terms: a personal rate is told for the codes the program has', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ telegram } = env())
  })

  it.each([
    ['kk', 9401, /промокод/i],
    ['en', 9402, /promo code/i],
  ] as const)('quantower speaks of referral links, jqsee of promo codes (%s)', async (language, chat, promo) => {
    const t = i18n.t(language as Language)
    telegram.languages.set(chat, language)
    await telegram.sendText(chat, '/start quantower')
    const quantower = (await telegram.keyboardAfter(chat, 1)).text
    expect(quantower).toContain(t('program_terms.rate_override_link'))
    expect(quantower).not.toMatch(promo)
    await telegram.sendText(chat, '/cancel')
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, '/start jqsee')
    const jqsee = (await telegram.keyboardAfter(chat, 3)).text
    expect(jqsee).toContain(t('program_terms.rate_override'))
  })
})
