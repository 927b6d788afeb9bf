import { transition } from '../domain/enrolment-status.ts'
import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import { UNSTORABLE } from '../domain/text.ts'
import type { Clock } from '../ports/clock.ts'
import type { LedgerStore } from '../ports/ledger-store.ts'
import type { TermsStore } from '../ports/terms-store.ts'
import type { EndReason, ProgramDefinition } from '../programs/definition.ts'
import { namesOf } from '../programs/names.ts'
import { annulUnpaid, closeOpenPayouts } from './forfeiture.ts'

export interface EndingDeps {
  ledger: LedgerStore
  terms: TermsStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
}

const HOUR = 3_600_000

/** The reasons the company gives for ending a partner's agreement (the operator API, the desk). */
export const COMPANY_END_REASONS = ['breach', 'convenience'] as const
export type CompanyEndReason = (typeof COMPANY_END_REASONS)[number]

/** The notice the program's terms give for an ending, in hours (an objection ends it when received). */
export function noticeHours(program: ProgramDefinition, reason: EndReason): number {
  const t = program.termination
  if (reason === 'partner_request') return t.partnerNoticeHours
  if (reason === 'breach' || reason === 'convenience') return t.companyNoticeHours[reason]
  return 0
}

/** What happens to the partner's earned, unpaid money when an agreement ends for this reason. */
export type UnpaidOutcome = ProgramDefinition['termination']['unpaid'] | 'forfeited'

export const unpaidOutcome = (program: ProgramDefinition, reason: EndReason): UnpaidOutcome =>
  reason === 'breach' && program.termination.onBreach === 'forfeited' ? 'forfeited' : program.termination.unpaid

/**
 * What ending a program's agreement now would mean: the end date and what happens to the money. `applied`: the
 * partner's application still waits for the company, so there is no agreement whose notice a partner leaving serves:
 * taking the application back ends it at once, as `application_withdrawn` (the join link tells it from leaving).
 */
export function endingTerms(program: ProgramDefinition, reason: EndReason, now: Date, applied = false) {
  const why: EndReason = applied && reason === 'partner_request' ? 'application_withdrawn' : reason
  const hours = noticeHours(program, why)
  return {
    programKey: program.key,
    reason: why,
    endsAt: new Date(now.getTime() + hours * HOUR),
    noticeHours: hours,
    unpaid: unpaidOutcome(program, reason),
    lastPaymentDays: program.termination.lastPaymentDays ?? null,
  }
}

export interface EndAgreementInput {
  partnerId: string
  programKey: string
  reason: EndReason
  /** Kept in the audit log with the decision (the company's own words; never shown to the partner). */
  note?: string
  actor: string
}

export interface EndingResult {
  partnerId: string
  programKey: string
  reason: EndReason
  endsAt: string
  /** `ended`: the notice is zero and the agreement is over; `ending`: it ends at `endsAt`. */
  status: 'ending' | 'ended'
  /** The agreement was already ending at or before this date: nothing changed. */
  repeated: boolean
  unpaid: UnpaidOutcome
  /** A breach that closes the accumulated reward: what was annulled, per currency. */
  annulled: { currency: string; amount: string }[]
  lastPaymentDays: number | null
}

function checkNote(note: string | undefined) {
  const n = note?.trim()
  if (n && (n.length > 500 || UNSTORABLE.test(n)))
    throw new DomainError(
      'enrolment.invalid',
      { issues: [{ path: 'note', message: 'at most 500 characters of text' }] },
      'The note is too long or not text',
    )
  return n || undefined
}

/**
 * Ends a partner's agreement with the notice the program's terms give for the reason (the company: breach or
 * convenience; the partner: leaving). The end date is kept on the enrolment; until then the link attributes as
 * before. A job queued for the end date ends it once (the minute sweep is the backstop), and the partner is told
 * now of the date and of what happens to their money (a partner leaving reads it in the bot's answer). Without
 * notice it ends at once. An agreement already ending keeps the earlier date.
 */
export async function endAgreement(deps: EndingDeps, input: EndAgreementInput): Promise<EndingResult> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  const note = checkNote(input.note)
  const out = await deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    const enrolment = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (!enrolment)
      throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: input.programKey })
    transition('terminate', enrolment.status)
    const terms = endingTerms(program, input.reason, now, enrolment.status === 'applied')
    if (enrolment.endsAt && enrolment.endsAt <= terms.endsAt)
      return { ...terms, endsAt: enrolment.endsAt, repeated: true, ended: false, closed: [] }
    if (!(await tx.setAgreementEnd(enrolment.id, terms.endsAt, terms.reason, now)))
      throw new DomainError('enrolment.changed_concurrently', { partner: input.partnerId })
    // a breach the terms punish closes the accumulated reward now, with the decision (3.5.3); paid stays paid
    const annulled = new Map<string, bigint>()
    if (terms.unpaid === 'forfeited') {
      const closing = { id: enrolment.id, programKey: program.key }
      await closeOpenPayouts(tx, closing, 'reject', 'breach', now)
      await annulUnpaid(tx, closing, { key: `breach-${enrolment.id}`, reason: 'breach' }, now, annulled)
    }
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'enrolment.ending',
      subjectType: 'enrolment',
      subjectId: enrolment.id,
      reason: terms.reason,
      data: {
        partner: input.partnerId,
        program: program.key,
        endsAt: terms.endsAt.toISOString(),
        note,
        annulled: Object.fromEntries([...annulled].map(([c, m]) => [c, formatMoney({ minor: m, currency: c })])),
      },
    })
    const closed = [...annulled].map(([currency, minor]) => ({ currency, amount: formatMoney({ minor, currency }) }))
    const at = terms.endsAt.getTime()
    const quiet = input.reason === 'partner_request' // the bot's answer tells them
    if (at <= now.getTime()) {
      // no notice: it ends now
      if (!(await tx.setEnrolmentStatus(enrolment.id, [enrolment.status], 'terminated', now)))
        throw new DomainError('enrolment.changed_concurrently', { partner: input.partnerId })
      await tx.audit({
        at: now,
        actor: 'system',
        action: 'enrolment.ended',
        subjectType: 'enrolment',
        subjectId: enrolment.id,
        reason: terms.reason,
        data: { partner: input.partnerId, program: program.key },
      })
      if (!quiet)
        await tx.announce({
          queue: 'notifications',
          name: 'agreement_ended',
          data: { partnerId: input.partnerId, programKey: program.key, reason: input.reason },
          opts: { jobId: `agreement-ended-${input.partnerId}-${program.key}` },
        })
      return { ...terms, repeated: false, ended: true, closed }
    }
    if (!quiet)
      await tx.announce({
        queue: 'notifications',
        name: 'agreement_ending',
        data: { partnerId: input.partnerId, programKey: program.key, reason: input.reason },
        opts: { jobId: `agreement-ending-${enrolment.id}-${at}` },
      })
    await tx.announce({
      queue: 'system',
      name: 'agreement_end',
      data: { enrolmentId: enrolment.id },
      opts: { jobId: `agreement-end-${enrolment.id}-${at}`, delayMs: at - now.getTime() },
    })
    return { ...terms, repeated: false, ended: false, closed }
  })
  return {
    partnerId: input.partnerId,
    programKey: program.key,
    reason: out.reason,
    endsAt: out.endsAt.toISOString(),
    status: out.ended ? 'ended' : 'ending',
    repeated: out.repeated,
    unpaid: out.unpaid,
    annulled: out.closed,
    lastPaymentDays: out.lastPaymentDays,
  }
}

/** What a partner is told of an ending: when, why, and what happens to their money (null: not ending). */
export async function endingNotice(deps: EndingDeps, partnerId: string, programKey: string) {
  const program = deps.program(programKey)
  const e = program && (await deps.terms.enrolmentStatus(partnerId, programKey))
  if (!program || !e?.endsAt) return null
  return {
    programKey,
    programNames: namesOf(program),
    timeZone: program.timeZone,
    endsAt: e.endsAt,
    reason: (e.endReason ?? 'terms_objection') as EndReason,
    unpaid: unpaidOutcome(program, (e.endReason ?? 'terms_objection') as EndReason),
    minimum: program.payout.minimum[program.currencies[0]!] ?? null,
    currency: program.currencies[0]!,
    lastPaymentDays: program.termination.lastPaymentDays ?? null,
  }
}
