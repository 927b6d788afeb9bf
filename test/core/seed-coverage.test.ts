import { describe, expect, it } from 'vitest'
import { addBusinessDays, isoDate } from '../../core/domain/calendar.ts'
import { newLinkCode, newPromoCode } from '../../core/domain/codes.ts'
import { quotePayout } from '../../core/domain/payouts.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { type ProgramDefinition, programDefinitionSchema } from '../../core/programs/definition.ts'

/**
 * Rules of programs.md that the README's rule table found without a test of their own: the pure parts, each
 * named after the rule it proves. The money paths through postbacks are in test/integration/seed-coverage.test.ts.
 */
const programs = new Map(loadProgramDefinitions().map((p) => [p.key, p]))
const program = (key: string) => programs.get(key)!
/** A shipped definition with some fields changed, validated as a definition file would be. */
const variant = (key: string, change: (raw: any) => void): ProgramDefinition => {
  const raw = structuredClone(program(key)) as any
  change(raw)
  return programDefinitionSchema.parse(raw)
}

describe('payment-system fees (worksection 5.x: "the partner bears the payment system\'s fee"; chetup: "a transaction fee, if any, is deducted")', () => {
  it("worksection-referral: a 2.9% PayPal fee is taken from the partner's payout, not added to it", () => {
    const p = variant('worksection-referral', (raw) => {
      raw.payout.feeBps = 290
    })
    expect(quotePayout(p, 10_000n, 'paypal', 'individual')).toEqual({
      grossMinor: 10_000n,
      feeMinor: 290n,
      taxMinor: 0n,
      netMinor: 9_710n,
    })
    // the redeem to service credit carries no payment system, so no fee: $50 -> $60 of credit
    expect(quotePayout(p, 5_000n, 'service_credit', 'individual')).toMatchObject({ feeMinor: 0n, creditMinor: 6_000n })
  })

  it("chetup: with a 1% transaction fee an individual's 150 GEL pays 30 GEL tax, 1.50 GEL fee and 118.50 GEL net", () => {
    const p = variant('chetup', (raw) => {
      raw.payout.feeBps = 100
    })
    expect(quotePayout(p, 15_000n, 'bank', 'individual')).toEqual({
      grossMinor: 15_000n,
      feeMinor: 150n,
      taxMinor: 3_000n,
      netMinor: 11_850n,
    })
    expect(quotePayout(p, 15_000n, 'bank', 'company')).toMatchObject({ taxMinor: 0n, netMinor: 14_850n })
  })

  it('the shipped programs charge no fee (programs.md demo configuration: "payment-system fee 0", "transaction fee 0")', () => {
    for (const p of programs.values()) expect(p.payout.feeBps, p.key).toBe(0)
  })
})

describe('business days (programs.md: "Monday-Friday in the program\'s time zone, plus an optional holiday list")', () => {
  it("a holiday in the program's list is skipped like a weekend: jqsee's 2 working days from a Friday", () => {
    const friday = new Date('2026-03-06T12:00:00Z')
    expect(isoDate(addBusinessDays(friday, 2, 'Europe/Kyiv'))).toBe('2026-03-10')
    expect(isoDate(addBusinessDays(friday, 2, 'Europe/Kyiv', ['2026-03-09']))).toBe('2026-03-11')
    // a holiday on a Saturday changes nothing
    expect(isoDate(addBusinessDays(friday, 2, 'Europe/Kyiv', ['2026-03-07']))).toBe('2026-03-10')
  })

  it("the day is the program's local day: 21:30 UTC on a Thursday is already Friday in Tbilisi", () => {
    const late = new Date('2026-03-05T21:30:00Z')
    expect(isoDate(addBusinessDays(late, 1, 'UTC'))).toBe('2026-03-06')
    expect(isoDate(addBusinessDays(late, 1, 'Asia/Tbilisi'))).toBe('2026-03-09')
  })
})

describe('codes (programs.md: "codes and link ids must be unguessable")', () => {
  it('link ids and promo codes come from the CSPRNG: no repeats in 20,000 draws and every letter of the alphabet used', () => {
    for (const [draw, shape] of [
      [newLinkCode, /^[a-hj-km-np-z2-9]{12}$/],
      [newPromoCode, /^[A-HJ-KM-NP-Z2-9]{8}$/],
    ] as const) {
      const seen = new Set<string>()
      const letters = new Set<string>()
      for (let i = 0; i < 20_000; i++) {
        const c = draw()
        expect(c).toMatch(shape)
        seen.add(c)
        for (const ch of c) letters.add(ch)
      }
      expect(seen.size).toBe(20_000)
      expect(letters.size).toBe(31) // 31 symbols: 12 of them give ~59 bits, 8 give ~40 bits
    }
  })
})
