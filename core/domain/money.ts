import { DomainError } from './errors.ts'

/**
 * Money is an integer count of the currency's minor units (bigint) beside its ISO 4217 code.
 * Never a float. Rounding happens once, half-even, when a ledger entry is written.
 */
export interface Money {
  minor: bigint
  currency: string
}

/** Minor-unit digits of the currencies the programs use (ISO 4217); others are refused, not guessed. */
const MINOR_DIGITS: Record<string, number> = { USD: 2, EUR: 2, GEL: 2, KZT: 2, RUB: 2, GBP: 2, UAH: 2, JPY: 0 }

export const isKnownCurrency = (c: string) => Object.hasOwn(MINOR_DIGITS, c)

/** How many decimals the currency's amounts have (0 for JPY); an unknown currency is refused. */
export function minorDigits(currency: string): number {
  const d = MINOR_DIGITS[currency]
  if (d === undefined) throw new DomainError('money.unknown_currency', { currency })
  return d
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,}))?$/

/**
 * Parses a decimal string in major units ("15.00", "-3.5") into minor units. Refuses exponents, NaN,
 * "-0", more decimals than the currency has, and amounts beyond 10^15 major units.
 */
export function parseMoney(amount: string, currency: string): Money {
  const digits = minorDigits(currency)
  const m = DECIMAL.exec(amount)
  if (!m) throw new DomainError('money.invalid_amount', { amount })
  const [, sign, whole, frac = ''] = m
  if (frac.length > digits) throw new DomainError('money.too_precise', { amount, currency, digits })
  const minor = BigInt(whole! + frac.padEnd(digits, '0'))
  if (sign && minor === 0n) throw new DomainError('money.invalid_amount', { amount })
  return { minor: sign ? -minor : minor, currency }
}

/** Formats minor units as the contract's decimal string in major units ("15.00"). */
export function formatMoney({ minor, currency }: Money): string {
  const digits = minorDigits(currency)
  const neg = minor < 0n
  const abs = (neg ? -minor : minor).toString().padStart(digits + 1, '0')
  const whole = abs.slice(0, abs.length - digits)
  const frac = digits ? `.${abs.slice(abs.length - digits)}` : ''
  return `${neg ? '-' : ''}${whole}${frac}`
}

/** numerator / denominator rounded half to even (banker's rounding), on integers only. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero')
  const sign = numerator < 0n !== denominator < 0n ? -1n : 1n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const q = n / d
  const r2 = (n % d) * 2n
  const up = r2 > d || (r2 === d && q % 2n === 1n)
  return sign * (up ? q + 1n : q)
}

/** A share of an amount: amount * basisPoints / 10 000, rounded half-even once. */
export const applyRateBps = (minor: bigint, bps: number): bigint => divideHalfEven(minor * BigInt(bps), 10_000n)

/** A rate in basis points as a percentage, in integers only: 2500 -> "25%", 1250 -> "12.5%", 5 -> "0.05%". */
export function formatBps(bps: number): string {
  const digits = String(Math.abs(Math.trunc(bps))).padStart(3, '0')
  const fraction = digits.slice(-2).replace(/0+$/, '')
  return `${bps < 0 ? '-' : ''}${digits.slice(0, -2)}${fraction ? `.${fraction}` : ''}%`
}
