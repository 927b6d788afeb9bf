import { beforeAll, describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * worksection-referral's terms say the partner may not be in it and in worksection-partner at the same time (seed
 * 001 3.3.2). The line must name both sides: "these programs at the same time: «Worksection (partner)»" names one
 * and reads as if that program alone were barred.
 */
describe('telegram join terms: exclusivity names this program and the other', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ telegram } = env())
  })

  it.each([
    ['kk', 9501, 'Бұл бағдарламаға «Worksection (серіктестік)» бағдарламасымен бір мезгілде қатысуға болмайды'],
    ['en', 9502, 'You cannot take part in this program and in “Worksection partner program” at the same time'],
  ] as const)('worksection-referral (%s)', async (language, chat, line) => {
    telegram.languages.set(chat, language)
    await telegram.sendText(chat, '/start worksection-referral')
    const terms = (await telegram.keyboardAfter(chat, 1)).text
    expect(terms).toContain(`• ${line}\n`)
  })
})
