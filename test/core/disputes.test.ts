import { describe, expect, it } from 'vitest'
import {
  answerByOf,
  checkDisputeText,
  type DisputeStatus,
  deskActions,
  disputeTransition,
  isFinal,
  reminderAt,
} from '../../core/domain/disputes.ts'
import { DomainError } from '../../core/domain/errors.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

const programs = new Map(loadProgramDefinitions().map((p) => [p.key, p]))
const program = (key: string) => programs.get(key)!

describe('dispute deadlines', () => {
  it('melbet answers within 14 business days, to the end of the day in its time zone (UTC)', () => {
    // Friday 6 March 2026 -> 14 business days -> Thursday 26 March
    expect(answerByOf(program('melbet'), new Date('2026-03-06T10:00:00Z')).toISOString()).toBe(
      '2026-03-26T23:59:59.999Z',
    )
  })
  it('the others within 5 business days, in the program’s own time zone (jqsee: Kyiv)', () => {
    // Saturday: the count starts from Monday; the deadline is the end of Friday in Kyiv (UTC+2 in March)
    expect(answerByOf(program('jqsee'), new Date('2026-03-07T12:00:00Z')).toISOString()).toBe(
      '2026-03-13T21:59:59.999Z',
    )
    // late Friday evening UTC is already Saturday in Tbilisi (UTC+4): chetup counts from there
    expect(answerByOf(program('chetup'), new Date('2026-03-06T21:30:00Z')).toISOString()).toBe(
      '2026-03-13T19:59:59.999Z',
    )
  })
  it('every program has an answer-by deadline in its definition', () => {
    for (const p of programs.values()) expect(p.disputes.answerBusinessDays).toBe(p.key === 'melbet' ? 14 : 5)
    expect([...programs.values()].filter((p) => p.disputes.finalAfterReview).map((p) => p.key)).toEqual(['melbet'])
  })
  it('reminds a day before, or at once when less than a day is left', () => {
    const now = new Date('2026-03-10T00:00:00Z')
    expect(reminderAt(new Date('2026-03-13T21:59:59.999Z'), now).toISOString()).toBe('2026-03-12T21:59:59.999Z')
    expect(reminderAt(new Date('2026-03-10T05:00:00Z'), now)).toEqual(now)
  })
})

describe('dispute transitions', () => {
  const cases: [Parameters<typeof disputeTransition>[0], DisputeStatus, DisputeStatus | string][] = [
    ['claim', 'open', 'claimed'],
    ['claim', 'escalated', 'claimed'],
    ['ask_evidence', 'claimed', 'awaiting_partner'],
    ['reply', 'awaiting_partner', 'awaiting_partner'],
    ['escalate', 'claimed', 'escalated'],
    ['escalate', 'escalated', 'dispute.already_escalated'],
    ['uphold', 'escalated', 'upheld'],
    ['reject', 'open', 'rejected'],
    ['reject', 'upheld', 'dispute.resolved'],
    ['claim', 'rejected', 'dispute.resolved'],
    ['reopen', 'rejected', 'open'],
    ['reopen', 'open', 'dispute.invalid_transition'],
  ]
  it.each(cases)('%s from %s -> %s', (action, from, to) => {
    if (to.startsWith('dispute.')) {
      expect(() => disputeTransition(action, from, 7)).toThrow(
        expect.objectContaining({ code: to, data: expect.objectContaining({ number: 7 }) }),
      )
    } else expect(disputeTransition(action, from, 7)).toBe(to)
  })
})

describe('dispute messages', () => {
  const photo = { source: 'telegram' as const, fileId: 'f', kind: 'photo' as const }
  it('trims the text; files alone are a message; nothing at all is not', () => {
    expect(checkDisputeText('  why?  ', [])).toBe('why?')
    expect(checkDisputeText('', [photo])).toBe('')
    expect(() => checkDisputeText('   ', [])).toThrow(DomainError)
  })
  it('refuses a text over the limit and more than 10 files', () => {
    expect(() => checkDisputeText('x'.repeat(3501), [])).toThrow(expect.objectContaining({ code: 'dispute.too_long' }))
    expect(() => checkDisputeText('x', Array(11).fill(photo))).toThrow(
      expect.objectContaining({ code: 'dispute.too_many_files' }),
    )
  })
})

describe("the desk's buttons and a decision's finality come from the transition table", () => {
  it('offers claim only while unassigned, escalate until escalated, nothing once resolved', () => {
    expect(deskActions({ status: 'open' })).toEqual(['claim', 'reply', 'ask_evidence', 'uphold', 'reject', 'escalate'])
    expect(deskActions({ status: 'claimed', assignee: 'slack:U1' })).toEqual([
      'reply',
      'ask_evidence',
      'uphold',
      'reject',
      'escalate',
    ])
    expect(deskActions({ status: 'escalated', assignee: 'slack:U1' })).toEqual([
      'reply',
      'ask_evidence',
      'uphold',
      'reject',
    ])
    for (const status of ['upheld', 'rejected'] as const) expect(deskActions({ status })).toEqual([])
  })

  it('a resolved melbet dispute is final; another program reopens when the partner writes', () => {
    expect(isFinal('rejected', program('melbet'))).toBe(true)
    expect(isFinal('claimed', program('melbet'))).toBe(false)
    expect(isFinal('rejected', program('quantower'))).toBe(false)
  })
})
