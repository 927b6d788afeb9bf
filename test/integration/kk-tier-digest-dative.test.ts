import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'

/**
 * The earnings digest tells a melbet partner that the month reached a volume tier (programs.md, melbet: "20% from 20
 * new users in the calendar month"). In Kazakh the postposition «дейін» ("up to") governs the dative: a rate reads
 * «20%-ға дейін» (жиырма пайызға дейін). The template writes «{{rate}} дейін», so the partner reads «20% дейін»,
 * a number with no case ending before a postposition that needs one (glossary.md: a formatted value cannot take a
 * case ending, so write it so that it fits).
 */
describe('kk: the digest line of a melbet volume tier', () => {
  const env = withTelegram('2026-05-20T09:00:00Z')

  it('reads «20%-ға дейін», not «20% дейін»', async () => {
    const { api, telegram } = env()
    const chat = 77_301
    telegram.languages.set(chat, 'kk')
    const p = await api.enrolled('melbet', {
      name: 'Айгүл',
      language: 'kk',
      legalType: 'individual',
      registeredAt: '2026-01-10T12:00:00Z', // past the 3 introductory months in May: 15%, 20% from 20 new users
      telegramId: chat,
    })
    const ref = p.codes[0]!.code
    const newUser = async (n: number, at: string) => {
      const customer = `${p.partner}-pl${n}`
      await api.recorded('melbet', { id: `${customer}-s`, type: 'signup', occurredAt: at, customer, ref })
      await api.recorded('melbet', {
        id: `${customer}-d`,
        type: 'first_deposit',
        occurredAt: at,
        customer,
        amount: '10.00',
        currency: 'USD',
      })
    }
    for (let n = 1; n <= 5; n++) await newUser(n, '2026-05-01T10:00:00Z')
    // Mon 4 - Sun 10 May: +400.00 at 15% = 60.00
    await api.recorded('melbet', {
      id: `${p.partner}-r1`,
      type: 'revenue',
      occurredAt: '2026-05-05T12:00:00Z',
      customer: `${p.partner}-pl1`,
      order: `${p.partner}-o1`,
      amount: '400.00',
      currency: 'USD',
    })
    // the 20th new user of May lifts the month to 20%: the week is topped up by 20.00
    for (let n = 6; n <= 20; n++) await newUser(n, '2026-05-14T10:00:00Z')

    await api.service.core.reports.queueDigests()
    const digest = (await telegram.nthText(chat, 1)).split('\n')
    const tier = digest.find((l) => l.startsWith('Melbet, '))
    expect(tier).toBe(
      'Melbet, 2026 ж. мамыр: жаңа пайдаланушылардың арқасында бүкіл айдың мөлшерлемесі 20%-ға дейін өсті, сол айда есептелген табыс осы мөлшерлемемен қайта есептелді: 20,00 USD',
    )
  })
})
