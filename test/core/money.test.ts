import { describe, expect, it } from 'vitest'
import { DomainError } from '../../core/domain/errors.ts'
import { applyRateBps, divideHalfEven, formatBps, formatMoney, parseMoney } from '../../core/domain/money.ts'

describe('money', () => {
  it('parses decimal strings into minor units', () => {
    expect(parseMoney('15.00', 'USD')).toEqual({ minor: 1500n, currency: 'USD' })
    expect(parseMoney('75', 'USD').minor).toBe(7500n)
    expect(parseMoney('0.5', 'GEL').minor).toBe(50n)
    expect(parseMoney('-200', 'USD').minor).toBe(-20000n)
    expect(parseMoney('999999999999999.99', 'USD').minor).toBe(99999999999999999n)
  })

  it.each(['1e9', 'NaN', '-0', '-0.00', '', ' 1', '1,5', '+1', '0x10', 'Infinity', '1.'])('refuses %j', (raw) => {
    expect(() => parseMoney(raw, 'USD')).toThrowError(DomainError)
  })

  it('refuses more decimals than the currency has, and unknown currencies', () => {
    expect(() => parseMoney('1.001', 'USD')).toThrow(expect.objectContaining({ code: 'money.too_precise' }))
    expect(() => parseMoney(`1.${'0'.repeat(30)}`, 'USD')).toThrow(
      expect.objectContaining({ code: 'money.too_precise' }),
    )
    expect(() => parseMoney('1', 'XXX')).toThrow(expect.objectContaining({ code: 'money.unknown_currency' }))
    expect(() => parseMoney('1.5', 'JPY')).toThrow(expect.objectContaining({ code: 'money.too_precise' }))
  })

  it('formats minor units as the contract does', () => {
    expect(formatMoney({ minor: 1500n, currency: 'USD' })).toBe('15.00')
    expect(formatMoney({ minor: -4000n, currency: 'USD' })).toBe('-40.00')
    expect(formatMoney({ minor: 5n, currency: 'GEL' })).toBe('0.05')
    expect(formatMoney({ minor: 7n, currency: 'JPY' })).toBe('7')
  })

  it('rounds half to even, once', () => {
    expect(divideHalfEven(25n, 10n)).toBe(2n) // 2.5 -> 2
    expect(divideHalfEven(35n, 10n)).toBe(4n) // 3.5 -> 4
    expect(divideHalfEven(26n, 10n)).toBe(3n)
    expect(divideHalfEven(-25n, 10n)).toBe(-2n)
    expect(divideHalfEven(-35n, 10n)).toBe(-4n)
    expect(divideHalfEven(24n, 10n)).toBe(2n)
    expect(() => divideHalfEven(1n, 0n)).toThrow(RangeError)
  })

  it('applies a rate in basis points (programs.md example 1: 20% of $75 is $15.00)', () => {
    expect(applyRateBps(7500n, 2000)).toBe(1500n)
    expect(applyRateBps(12000n, 1000)).toBe(1200n) // jqsee: 10% of $120
    expect(applyRateBps(1n, 5000)).toBe(0n) // half a cent rounds to even: 0
    expect(applyRateBps(3n, 5000)).toBe(2n) // 1.5 cents -> 2
  })

  it('writes a rate in basis points as a percentage without floats', () => {
    expect([2500, 1250, 1000, 5, 0, 10_000, 333].map(formatBps)).toEqual([
      '25%',
      '12.5%',
      '10%',
      '0.05%',
      '0%',
      '100%',
      '3.33%',
    ])
  })
})
