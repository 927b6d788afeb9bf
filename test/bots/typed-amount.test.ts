import { describe, expect, it } from 'vitest'
import { readTypedAmount } from '../../bots/i18n/typed-amount.ts'

/** A typed amount with the currency written before or after it, as partners write it in each language. */
describe('readTypedAmount', () => {
  it.each([
    ['en', '50 USD', '50', 'USD'],
    ['en', '50 $', '50', 'USD'],
    ['en', '$50', '50', 'USD'],
    ['en', 'usd 1,234.50', '1234.50', 'USD'],
    ['ru', '50 лари', '50', 'GEL'],
    ['ka', '50 ₾', '50', 'GEL'],
    ['ka', '50 ლარი', '50', 'GEL'],
    ['en', '50 GEL', '50', 'GEL'],
    ['ru', '50,5 евро', '50.5', 'EUR'],
    ['ru', '1 234,50 Евро', '1234.50', 'EUR'],
    ['en', '50 tenge', '50', 'KZT'],
    ['kk', '50 теңге', '50', 'KZT'],
    ['lv', '50 eiro', '50', 'EUR'],
    ['lv', '50 EUR.', '50', 'EUR'],
    ['ru', '50 долларов', '50', 'USD'],
    ['ru', '50 руб.', '50', 'RUB'],
  ])('%s: %s', (language, typed, amount, currency) => {
    expect(readTypedAmount(language, typed)).toEqual({ amount, currency })
  })

  it('a plain number has no currency', () => {
    expect(readTypedAmount('ru', '1 234,50')).toEqual({ amount: '1234.50' })
  })

  it.each(['50 apples', 'USD', '$50 USD', 'тысяча', '50 $ 20', 'ten dollars'])('%s is no amount', (typed) => {
    expect(readTypedAmount('en', typed)).toBeUndefined()
  })
})
