import { describe, expect, it } from 'vitest'
import { NO_PROGRAMS } from '../../bots/i18n/errors.ts'
import { amountText, dayRange, longDate, minorText, percentText, readAmount } from '../../bots/i18n/format.ts'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { levelsText, parseLevels } from '../../bots/slack/desk/deals.ts'
import { partnerErrorText } from '../../bots/telegram/format.ts'
import { parseMoney } from '../../core/domain/money.ts'
import type { CommissionRule } from '../../core/programs/definition.ts'

/** Intl's no-break space, written out so that the golden strings show where it is. */
const NB = '\u00a0'
/** Intl's thin space around a range's dash (en, lv), and its narrow no-break space. */
const TH = '\u2009'
const NN = '\u202f'

describe('money, rates and dates in each language', () => {
  it.each([
    ['en', '1,234,567.50 USD', '-12.00 USD', '1,234.50', '0.05 EUR', '1,500 JPY'],
    ['ru', `1${NB}234${NB}567,50 USD`, '-12,00 USD', `1${NB}234,50`, '0,05 EUR', `1${NB}500 JPY`],
    ['kk', `1${NB}234${NB}567,50 USD`, '-12,00 USD', `1${NB}234,50`, '0,05 EUR', `1${NB}500 JPY`],
    ['ka', `1${NB}234${NB}567,50 USD`, '-12,00 USD', '1234,50', '0,05 EUR', '1500 JPY'],
    ['lv', `1${NB}234${NB}567,50 USD`, '-12,00 USD', '1234,50', '0,05 EUR', '1500 JPY'],
  ])('%s: amounts', (lng, big, negative, fourDigits, cents, yen) => {
    expect(amountText(lng, '1234567.50', 'USD')).toBe(big)
    expect(minorText(lng, { minor: -1200n, currency: 'USD' })).toBe(negative)
    // four digits: en, ru and kk group them, ka and lv (CLDR's minimum grouping of two) do not
    expect(amountText(lng, '1234.5', 'USD')).toBe(`${fourDigits} USD`)
    expect(minorText(lng, { minor: 5n, currency: 'EUR' })).toBe(cents)
    expect(minorText(lng, { minor: 1500n, currency: 'JPY' })).toBe(yen)
  })

  it('formats the largest amount exactly, never through a float', () => {
    expect(amountText('en', '999999999999999.99', 'USD')).toBe('999,999,999,999,999.99 USD')
    expect(minorText('ru', { minor: 99999999999999999n, currency: 'USD' })).toBe(
      `999${NB}999${NB}999${NB}999${NB}999,99 USD`,
    )
  })

  it.each([
    ['en', '12.5%', '25%', '0.05%', '100%'],
    ['ru', `12,5${NB}%`, `25${NB}%`, `0,05${NB}%`, `100${NB}%`],
    ['kk', '12,5%', '25%', '0,05%', '100%'],
    ['ka', '12,5%', '25%', '0,05%', '100%'],
    ['lv', '12,5%', '25%', '0,05%', '100%'],
  ])('%s: rates', (lng, ...expected) => {
    expect([1250, 2500, 5, 10_000].map((bps) => percentText(lng, bps))).toEqual(expected)
  })

  it.each([
    ['en', 'March 10, 2026'],
    ['ru', '10 марта 2026 г.'],
    ['kk', '2026 ж. 10 наурыз'],
    ['ka', '10 მარტი, 2026'],
    ['lv', '2026. gada 10. marts'],
  ])('%s: dates', (lng, expected) => {
    expect(longDate('2026-03-10T12:00:00Z', lng, 'Asia/Almaty')).toBe(expected)
  })

  // a range of days as each language writes one, the month in full (the glossary allows no abbreviation): the month
  // once when both days are in it, the years only when they differ; Intl puts thin spaces around the dash in en and lv, and a narrow no-break one before "г." and "ж."
  it.each([
    ['en', `March 14${TH}–${TH}20`, `February 19${TH}–${TH}March 20`, `December 7, 2025${TH}–${TH}January 5, 2026`],
    ['ru', '14–20 марта', '19 февраля – 20 марта', `7 декабря 2025${NN}г. – 5 января 2026${NN}г.`],
    ['kk', '14–20 наурыз', '19 ақпан – 20 наурыз', `2025${NN}ж. 7 желтоқсан – 2026${NN}ж. 5 қаңтар`],
    ['ka', '14–20 მარტი', '19 თებერვალი – 20 მარტი', '7 დეკემბერი, 2025 – 5 იანვარი, 2026'],
    [
      'lv',
      '14.–20. marts',
      `19. februāris${TH}–${TH}20. marts`,
      `2025. gada 7. decembris${TH}–${TH}2026. gada 5. janvāris`,
    ],
  ])('%s: ranges of days', (lng, sameMonth, twoMonths, twoYears) => {
    expect(dayRange(lng, '2026-03-14', '2026-03-20')).toBe(sameMonth)
    expect(dayRange(lng, '2026-02-19', '2026-03-20')).toBe(twoMonths)
    expect(dayRange(lng, '2025-12-07', '2026-01-05')).toBe(twoYears)
  })
})

describe('typed amounts in each language', () => {
  it.each([
    ['en', ['1,234.50', '1234.50', '1 234.50', '+1,234.5', '12,5', '−10', '-1,000,000']],
    ['ru', ['1 234,50', `1${NB}234,50`, '1234,50', '1234.50', '1\u202f234,5', '-10', '−10,00', '1 000 000']],
    ['kk', ['1 234,50', '1234,50', '12,5']],
    ['ka', ['1 234,50', '1234,50', '12.5']],
    ['lv', ['1 234,50', '1234,50', '+12,5']],
  ])('%s: reads %j', (lng, typed) => {
    const read = (typed as string[]).map((s) => readAmount(lng, s))
    expect(
      read.every((v) => v !== undefined && /^-?\d+(\.\d+)?$/.test(v)),
      JSON.stringify(read),
    ).toBe(true)
  })

  it('reads each form as the right number', () => {
    expect(readAmount('en', '1,234.50')).toBe('1234.50')
    expect(readAmount('en', '12,5')).toBe('12.5')
    expect(readAmount('ru', `1${NB}234,50`)).toBe('1234.50')
    expect(readAmount('ru', '1,234')).toBe('1.234')
    expect(readAmount('lv', '−10,00')).toBe('-10.00')
    expect(readAmount('kk', '+ 1 000')).toBe('1000')
    // what Intl writes reads back as the same amount, in every language
    for (const lng of LANGUAGES) {
      const shown = amountText(lng, '1234567.89', 'USD').slice(0, -4)
      expect(parseMoney(readAmount(lng, shown)!, 'USD').minor, lng).toBe(123456789n)
    }
  })

  it.each([
    'twelve',
    '',
    '12..5',
    '1.234,50',
    '12 34',
    '1 2345',
    '12,5,0',
    '1e5',
    '-0',
    '−0,00',
    '12abc',
    '$12',
    '0x10',
    'NaN',
    '1234567890123456',
  ])('refuses %j in every language', (garbage) => {
    for (const lng of LANGUAGES) expect(readAmount(lng, garbage), lng).toBeUndefined()
  })

  it('en reads a comma only as thousands (or one or two decimals), ru never as thousands', () => {
    expect(readAmount('en', '1,2345')).toBeUndefined()
    expect(readAmount('en', '12,34,567')).toBeUndefined()
    expect(readAmount('ru', '1,234,567')).toBeUndefined()
  })

  it("garbage gets the catalogue's refusal in the reader's language, with an example in their form", () => {
    const i18n = createI18n()
    const refusal = { code: 'money.invalid_amount', data: { amount: 'twelve' } } as const
    expect(partnerErrorText(i18n.t('en'), 'en', refusal, { programs: NO_PROGRAMS })).toContain('50.00')
    for (const lng of ['ru', 'kk', 'ka', 'lv'] as const) {
      const text = partnerErrorText(i18n.t(lng), lng, refusal, { programs: NO_PROGRAMS })
      expect(text, lng).toContain('50,00')
      expect(text, lng).not.toBe(partnerErrorText(i18n.t('en'), 'en', refusal, { programs: NO_PROGRAMS }))
    }
  })
})

describe("the deal modal's levels in the desk's language", () => {
  const rule = {
    type: 'payment_share',
    levels: [
      { name: 'standard', after: 0, rateBps: 2250 },
      { name: 'gold', after: 10, rateBps: 3000 },
    ],
  } as unknown as CommissionRule
  it('writes them with the language decimal mark and reads them back, integers only', () => {
    expect(levelsText(rule)).toBe('0: 22.5\n10: 30')
    expect(levelsText(rule, 'ru')).toBe('0: 22,5\n10: 30')
    expect(parseLevels(rule, levelsText(rule, 'lv'))).toEqual({
      levels: [
        { name: 'standard', after: 0, rateBps: 2250 },
        { name: 'gold', after: 10, rateBps: 3000 },
      ],
    })
  })
})
