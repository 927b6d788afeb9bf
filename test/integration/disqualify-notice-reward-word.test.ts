import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * The disqualification notice named what it annuls with one word for every program: "Rewards not yet paid" (ka
 * «ჯილდოები») also where the program pays a commission (quantower's 20% of every purchase), while the desk's line
 * said "unpaid commission annulled" also for worksection-referral, which pays one-time rewards. The notice now words
 * it as /stats and the Mini App do: a reward where the program pays one-time rewards, a commission elsewhere, in
 * every language.
 */
describe('a disqualification notice: reward or commission, as the program pays', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 7100
  const disqualified = async (program: string, language: string) => {
    const telegramId = ++tg
    const r = await api.enrol(program, { name: 'P', language, legalType: 'individual', telegramId })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const s = await api.operator('POST', `/v1/partners/${r.body.partner.id}/sanctions`, {
      program,
      kind: 'disqualify',
      reason: 'self_referral',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    return waitFor(() => telegram.textsTo(telegramId)[0], 10_000)
  }

  it('en: quantower annuls commission, worksection-referral rewards', async () => {
    const commission = await disqualified('quantower', 'en')
    expect(commission).toContain('Commission not yet paid is annulled; payouts already made stay yours.')
    expect(commission).not.toMatch(/reward/i)
    const reward = await disqualified('worksection-referral', 'en')
    expect(reward).toContain('Rewards not yet paid are annulled; payouts already made stay yours.')
    expect(reward).not.toMatch(/commission/i)
  })

  it('ka: quantower «საკომისიო», worksection-referral «ჯილდოები»', async () => {
    const commission = await disqualified('quantower', 'ka')
    expect(commission).toContain('ჯერ გადაუხდელი საკომისიო გაუქმდა')
    expect(commission).not.toContain('ჯილდო')
    const reward = await disqualified('worksection-referral', 'ka')
    expect(reward).toContain('ჯერ გადაუხდელი ჯილდოები გაუქმდა')
    expect(reward).not.toContain('საკომისიო')
  })

  it('ru, kk, lv: the one-time reward as /stats names it', async () => {
    const words = {
      ru: ['Невыплаченные вознаграждения аннулированы', 'Невыплаченные разовые вознаграждения аннулированы'],
      kk: ['Әлі төленбеген сыйақылар жойылды', 'Әлі төленбеген бір реттік сыйақылар жойылды'],
      lv: ['Vēl neizmaksātā atlīdzība ir anulēta', 'Vēl neizmaksātās vienreizējās atlīdzības ir anulētas'],
    }
    for (const [language, [commission, reward]] of Object.entries(words)) {
      expect(await disqualified('quantower', language)).toContain(commission)
      expect(await disqualified('worksection-referral', language)).toContain(reward)
    }
  })
})
