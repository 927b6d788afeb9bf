import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isoDate } from '../../core/domain/calendar.ts'
import { ibanProblem, maskDetails, validIban } from '../../core/domain/payment-details.ts'
import {
  batchPeriod,
  expectedPayment,
  isPayDay,
  nextPayDate,
  PAYOUT_TRANSITIONS,
  payoutTransition,
  quotePayout,
  statusBlocker,
  upcomingPayDate,
} from '../../core/domain/payouts.ts'
import { aesGcmCipher, parseKeyList } from '../../core/infra/crypto/details-cipher.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

const programs = new Map(loadProgramDefinitions().map((p) => [p.key, p]))
const program = (key: string) => programs.get(key)!
const none = new Map<string, string>()
const day = (s: string) => {
  const [year, month, d] = s.split('-').map(Number) as [number, number, number]
  return { year, month, day: d }
}

describe('payout quotes', () => {
  it('chetup withholds 20% from an individual and nothing from a company (example 11)', () => {
    expect(quotePayout(program('chetup'), 15000n, 'bank', 'individual')).toEqual({
      grossMinor: 15000n,
      feeMinor: 0n,
      taxMinor: 3000n,
      netMinor: 12000n,
    })
    expect(quotePayout(program('chetup'), 15000n, 'bank', 'company').netMinor).toBe(15000n)
  })
  it('worksection redeem adds 20% as service credit (example 7); quantower licences at face value', () => {
    expect(quotePayout(program('worksection-referral'), 5000n, 'service_credit', 'individual')).toMatchObject({
      grossMinor: 5000n,
      creditMinor: 6000n,
      taxMinor: 0n,
    })
    expect(quotePayout(program('quantower'), 5000n, 'licences', 'individual').creditMinor).toBe(5000n)
  })
})

describe('pay dates', () => {
  it('jqsee: a Friday request is due on Tuesday, local midnight in Kyiv (example 3)', () => {
    expect(expectedPayment(program('jqsee'), new Date('2026-03-06T10:00:00Z'), none, false).toISOString()).toBe(
      '2026-03-09T22:00:00.000Z',
    )
  })
  it('melbet pays on Tuesday for the previous Monday-Sunday (example 12)', () => {
    const melbet = program('melbet')
    expect(isPayDay(melbet, day('2026-03-10'), none)).toBe(true)
    expect(isPayDay(melbet, day('2026-03-11'), none)).toBe(false)
    const p = batchPeriod(melbet, day('2026-03-10'))
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
    ])
    // a Tuesday request is paid that day until the day's batch has started, then the next Tuesday
    expect(expectedPayment(melbet, new Date('2026-03-10T03:00:00Z'), none, false).toISOString()).toBe(
      '2026-03-10T00:00:00.000Z',
    )
    expect(expectedPayment(melbet, new Date('2026-03-10T12:00:00Z'), none, true).toISOString()).toBe(
      '2026-03-17T00:00:00.000Z',
    )
  })
  it('chetup pays on the 25th, or the date an admin moved it to', () => {
    const chetup = program('chetup')
    const moved = new Map([['2026-04-25', '2026-04-28']])
    expect(isoDate(nextPayDate(chetup, day('2026-04-12'), none)!)).toBe('2026-04-25')
    expect(isoDate(nextPayDate(chetup, day('2026-04-12'), moved)!)).toBe('2026-04-28')
    expect(isoDate(nextPayDate(chetup, day('2026-04-26'), moved)!)).toBe('2026-04-28')
    expect(isPayDay(chetup, day('2026-04-25'), moved)).toBe(false)
    expect(isPayDay(chetup, day('2026-04-28'), moved)).toBe(true)
    expect(isoDate(nextPayDate(chetup, day('2026-04-29'), moved)!)).toBe('2026-05-25')
    expect(expectedPayment(chetup, new Date('2026-03-24T23:00:00Z'), none, false).toISOString()).toBe(
      '2026-03-24T20:00:00.000Z',
    )
    expect(expectedPayment(chetup, new Date('2026-03-25T10:00:00Z'), none, true).toISOString()).toBe(
      '2026-04-24T20:00:00.000Z',
    )
  })
})

describe('the pay date a partner can count on', () => {
  it("is today until today's batch is built, then the next one; a moved date counts; none on request", () => {
    const melbet = program('melbet')
    const tuesday = day('2026-03-10')
    expect(isoDate(upcomingPayDate(melbet, tuesday, none, false)!)).toBe('2026-03-10')
    expect(isoDate(upcomingPayDate(melbet, tuesday, none, true)!)).toBe('2026-03-17')
    // a day that is no pay day is not moved by a batch of another day
    expect(isoDate(upcomingPayDate(melbet, day('2026-03-11'), none, true)!)).toBe('2026-03-17')
    const chetup = program('chetup')
    const moved = new Map([['2026-03-25', '2026-03-27']])
    expect(isoDate(upcomingPayDate(chetup, day('2026-03-25'), moved, false)!)).toBe('2026-03-27')
    expect(isoDate(upcomingPayDate(chetup, day('2026-03-27'), moved, false)!)).toBe('2026-03-27')
    expect(isoDate(upcomingPayDate(chetup, day('2026-03-27'), moved, true)!)).toBe('2026-04-25')
    expect(upcomingPayDate(program('jqsee'), tuesday, none, false)).toBeUndefined()
  })
})

describe('payout transitions', () => {
  it('paid, rejected and cancelled are final; every action names where it may start', () => {
    for (const final of ['paid', 'rejected', 'cancelled'] as const) {
      for (const action of Object.keys(PAYOUT_TRANSITIONS) as (keyof typeof PAYOUT_TRANSITIONS)[]) {
        expect(() => payoutTransition(action, final)).toThrow(/invalid_transition/)
      }
    }
    expect(payoutTransition('pay', 'approved').to).toBe('paid')
    expect(() => payoutTransition('pay', 'requested')).toThrow()
  })
})

describe('payment details', () => {
  it('IBANs are checked (mod 97) and shown masked', () => {
    expect(validIban('GE29 NB00 0000 0101 9049 17')).toBe(true)
    expect(validIban('GE28NB0000000101904917')).toBe(false)
    expect(maskDetails('bank', { iban: 'LV80BANK0000435195001' })).toBe('LV•• •••• 5001')
    expect(maskDetails('paypal', { email: 'anna@example.com' })).toBe('a•••@example.com')
  })
  it('a refused IBAN says which check failed first: its form, its country, its length there, its check digits', () => {
    expect(ibanProblem('GE29 NB00 0000 0101 9049 17')).toBeUndefined()
    expect(ibanProblem('my account')).toEqual({ problem: 'iban_format' })
    expect(ibanProblem('GE29-NB00')).toEqual({ problem: 'iban_format' })
    expect(ibanProblem('XX29NB0000000101904917')).toEqual({ problem: 'iban_country', country: 'XX' })
    expect(ibanProblem('ge29nb000000010190491')).toEqual({
      problem: 'iban_length',
      country: 'GE',
      expected: 22,
      given: 21,
    })
    expect(ibanProblem('GE28NB0000000101904917')).toEqual({ problem: 'iban_checksum' })
  })
  it('AES-256-GCM: old keys still decrypt after rotation; tampering is detected', () => {
    const k1 = { id: 'k1', key: randomBytes(32) }
    const k2 = { id: 'k2', key: randomBytes(32) }
    const old = aesGcmCipher([k1]).encrypt(Buffer.from('{"iban":"GE29NB0000000101904917"}'), 'partner-1')
    const rotated = aesGcmCipher([k2, k1])
    expect(rotated.currentKeyId).toBe('k2')
    expect(rotated.decrypt(old.keyId, old.ciphertext, 'partner-1').toString()).toContain('GE29')
    // bound to its owner: the same bytes under another partner do not decrypt
    expect(() => rotated.decrypt(old.keyId, old.ciphertext, 'partner-2')).toThrow()
    const tampered = Buffer.from(old.ciphertext)
    tampered[tampered.length - 1]! ^= 1
    expect(() => rotated.decrypt('k1', tampered, 'partner-1')).toThrow()
    expect(() => aesGcmCipher([k2]).decrypt('k1', old.ciphertext, 'partner-1')).toThrow(/not configured/)
    expect(() => aesGcmCipher([k1, { ...k2, id: 'k1' }])).toThrow(/differ/)
    expect(() => parseKeyList('k1:c2hvcnQ=')).toThrow(/32 bytes/)
  })
})

describe('who can be paid at all', () => {
  it('nobody without an agreement: an applicant, one declined; a block and a disqualification say so', () => {
    expect(statusBlocker('applied')).toBe('partner_not_active')
    expect(statusBlocker('declined')).toBe('partner_not_active')
    expect(statusBlocker('blocked')).toBe('partner_blocked')
    expect(statusBlocker('disqualified')).toBe('partner_disqualified')
    // an ended agreement still pays what was earned under it
    expect(statusBlocker('active')).toBeUndefined()
    expect(statusBlocker('terminated')).toBeUndefined()
  })
})
