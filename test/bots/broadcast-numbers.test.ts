import { describe, expect, it } from 'vitest'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { broadcastProgressBlocks } from '../../bots/slack/desk/terms.ts'
import { commissionChangeBlocks } from '../../bots/slack/desk/terms-commission.ts'
import type { CommissionRule } from '../../core/programs/definition.ts'

/**
 * (Found by an outside review.) A term change goes to every partner of a program, thousands of them: the desk wrote
 * the broadcast's counts as bare digits («Партнёров: *12345* · отправлено: 10234»), while every other number on the
 * desk is written as the reader's language writes it (12 345 in ru, kk and lv; 12,345 in en).
 */
describe("a term change's numbers on the desk, in the reader's language", () => {
  const i18n = createI18n()
  const progress = {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'running',
    version: 2,
    total: 12_345,
    sent: 10_234,
    failed: 5,
    blocked: 1_200,
    answeredBeforeDelivery: 3_456,
    remaining: 906,
    acknowledged: 4_321,
    objected: 1_001,
    unanswered: 2_013,
    etaSeconds: 30,
    effectiveAt: '2026-04-10T00:00:00.000Z',
    actions: [],
  } as unknown as Parameters<typeof broadcastProgressBlocks>[2]
  const grouped = (language: Language, n: number) => new Intl.NumberFormat(language).format(n)
  const LANGS: Language[] = ['en', 'ru', 'kk', 'lv', 'ka']

  it.each(LANGS)('%s: the progress message groups its counts', (language) => {
    const text = JSON.stringify(
      broadcastProgressBlocks(i18n.t(language), language, progress, { name: 'JQSEE', timeZone: 'UTC' }),
    )
    for (const n of [12_345, 10_234, 1_200, 3_456, 4_321, 1_001, 2_013]) {
      expect(text, `${language} ${n}`).toContain(grouped(language, n))
      // lv and ka group from five digits only (CLDR): there 1 200 is written 1200
      if (grouped(language, n) !== String(n)) expect(text, `${language} ${n}`).not.toMatch(new RegExp(`\\b${n}\\b`))
    }
  })

  it.each(LANGS)('%s: the preview counts the active partners, and publishing names how many get it', (language) => {
    const rule: CommissionRule = {
      type: 'payment_share',
      levels: [{ name: 'all', after: 0, rateBps: 1000 }],
      holdDays: 0,
      allowRateOverride: false,
    }
    const blocks = commissionChangeBlocks(
      { t: i18n.t(language), language },
      {
        before: rule,
        after: { ...rule, levels: [{ name: 'all', after: 0, rateBps: 1200 }] } as CommissionRule,
        currency: 'USD',
        from: 'x',
        partners: 12_345,
      },
    )
    expect(JSON.stringify(blocks)).toContain(grouped(language, 12_345))
    const published = i18n.t(language)('desk.publish.published', { version: 3, count: 12_345 })
    expect(published).toContain(grouped(language, 12_345))
  })

  // (Found by an outside review in Russian.) «Осталось примерно 1 секунда» / «…21 минута»: "осталось" does not agree
  // with a count whose noun is in the singular; the time left is now named after a noun that needs no agreement.
  it.each([
    [1, 'До завершения рассылки примерно 1 секунда'],
    [21, 'До завершения рассылки примерно 21 секунда'],
    [300, 'До завершения рассылки примерно 5 минут'],
  ])('ru: the time left in %i s reads «%s»', (etaSeconds, line) => {
    const blocks = broadcastProgressBlocks(
      i18n.t('ru'),
      'ru',
      { ...progress, etaSeconds },
      {
        name: 'JQSEE',
        timeZone: 'UTC',
      },
    )
    const text = JSON.stringify(blocks)
    expect(text).toContain(line)
    expect(text).not.toContain('Осталось примерно')
  })

  it('kk: the date a change takes effect is a date («күні»), as the compose form names it, not a time («уақыты»)', () => {
    const text = JSON.stringify(
      broadcastProgressBlocks(i18n.t('kk'), 'kk', progress, { name: 'JQSEE', timeZone: 'UTC' }),
    )
    expect(text).toContain('Күшіне енетін күні: 2026 ж. 10 сәуір (UTC)')
    expect(text).not.toContain('Күшіне ену уақыты')
  })
})
