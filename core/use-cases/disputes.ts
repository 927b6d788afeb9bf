import {
  type Attachment,
  answerByOf,
  checkDisputeText,
  cleanAttachments,
  DISPUTE_SUBJECTS,
  type DisputeSubject,
  disputeTransition,
  isFinal,
  isResolved,
} from '../domain/disputes.ts'
import { DomainError } from '../domain/errors.ts'
import { commissionStatusAt } from '../domain/ledger.ts'
import type { DisputeRecord, DisputeSubjectItem } from '../ports/dispute-store.ts'
import { card, type DisputeDeps, type Job, mirror, programOf, timers } from './dispute-news.ts'

export {
  type DisputeDeps,
  type DisputeNews,
  OUTCOME_REASONS,
  REMIND_BEFORE_MS,
  RESOLUTION_REASONS,
  type ResolutionReason,
} from './dispute-news.ts'

const partnerMessage = (
  disputeId: string,
  input: { partnerId: string; source: string; sourceRef: string },
  text: string,
  attachments: Attachment[],
  at: Date,
) => ({
  disputeId,
  author: 'partner' as const,
  authorRef: input.partnerId,
  text,
  attachments,
  source: input.source,
  sourceRef: input.sourceRef,
  createdAt: at,
})

/** A disputable item as the partner reads it now: a commission pending until payable (commissionStatusAt). */
const asRead = <I extends DisputeSubjectItem>(i: I, now: Date): I =>
  i.subject === 'commission' ? { ...i, status: commissionStatusAt(i.status, i.availableAt, now) } : i

/** What the partner may dispute: their programs and their own commissions, payouts and sanctions. */
export async function disputeSubjects(deps: DisputeDeps, partnerId: string, programKey?: string) {
  const now = deps.clock.now()
  return (await deps.disputes.subjectsOf(partnerId, 8, programKey)).map((i) => asRead(i, now))
}

export interface OpenDisputeInput {
  partnerId: string
  programKey: string
  subject: DisputeSubject
  subjectId?: string
  text: string
  attachments?: Attachment[]
  /** Where the case was written and its id there (a Telegram message): the same case delivered twice opens one. */
  source: string
  sourceRef: string
  /** The programs the partner is enrolled in: a case can only be about one of them. */
  enrolledPrograms: readonly string[]
}

/**
 * A partner's case: checked to be about their own item in a program they are in, answered by the program's
 * deadline (business days in its time zone), posted to the desk, with a reminder and an escalation timer.
 */
export async function openDispute(deps: DisputeDeps, input: OpenDisputeInput): Promise<DisputeRecord> {
  const program = programOf(deps, input.programKey)
  if (!input.enrolledPrograms.includes(program.key))
    throw new DomainError('dispute.not_enrolled', { program: program.key })
  if (!DISPUTE_SUBJECTS.includes(input.subject)) throw new DomainError('dispute.bad_subject')
  const attachments = cleanAttachments(input.attachments ?? [])
  const text = checkDisputeText(input.text, attachments)
  if (input.subject !== 'other') {
    const item = input.subjectId && (await deps.disputes.subject(input.partnerId, input.subject, input.subjectId))
    if (!item || item.programKey !== program.key) throw new DomainError('dispute.subject_not_found')
  }
  const now = deps.clock.now()
  const terms = await deps.disputes.termsInForce(program.key, now)
  const result = await deps.disputes.transaction(async (tx) => {
    const earlier = await tx.messageBySource(input.source, input.sourceRef)
    if (earlier) return { dispute: (await tx.lock(earlier.disputeId))!, created: false }
    const dispute = await tx.insert({
      partnerId: input.partnerId,
      programKey: program.key,
      subject: input.subject,
      subjectId: input.subject === 'other' ? undefined : input.subjectId,
      status: 'open',
      answerBy: answerByOf(program, now),
      termsId: terms?.id,
      createdAt: now,
    })
    await tx.addMessage(partnerMessage(dispute.id, input, text, attachments, now))
    await tx.audit({
      at: now,
      actor: `partner:${input.partnerId}`,
      action: 'dispute.opened',
      subjectType: 'dispute',
      subjectId: dispute.id,
      data: { number: dispute.number, program: program.key, subject: input.subject, subjectId: input.subjectId },
    })
    await tx.announce(card(dispute), ...timers(deps, dispute))
    return { dispute, created: true }
  })
  return result.dispute
}

async function ownDispute(deps: DisputeDeps, partnerId: string, number: number) {
  const d = await deps.disputes.byNumber(number)
  // another partner's number reads as unknown: a partner can only ever see their own cases
  if (!d || d.partnerId !== partnerId) throw new DomainError('dispute.not_found', { number })
  return d
}

/** A partner's disputes, newest first, and one with its conversation. */
export const partnerDisputes = (deps: DisputeDeps, partnerId: string) => deps.disputes.ofPartner(partnerId, 20)
export async function partnerDispute(deps: DisputeDeps, partnerId: string, number: number) {
  const d = await ownDispute(deps, partnerId, number)
  const final = isFinal(d.status, deps.program(d.programKey))
  // the disputed commission, payout or sanction, as the partner picked it (none for "something else")
  const found =
    d.subject !== 'other' && d.subjectId ? await deps.disputes.subject(partnerId, d.subject, d.subjectId) : null
  const item = found && asRead(found, deps.clock.now())
  return { dispute: d, messages: await deps.disputes.messages(d.id), final, item }
}

/**
 * The partner adds to their case. Waiting for evidence, the case goes back to the desk; a resolved case reopens
 * with a new deadline, unless the program makes the decision final (melbet).
 */
export async function addPartnerMessage(
  deps: DisputeDeps,
  input: {
    partnerId: string
    number: number
    text: string
    attachments?: Attachment[]
    source: string
    sourceRef: string
  },
) {
  const found = await ownDispute(deps, input.partnerId, input.number)
  const program = programOf(deps, found.programKey)
  const attachments = cleanAttachments(input.attachments ?? [])
  const text = checkDisputeText(input.text, attachments)
  const now = deps.clock.now()
  const out = await deps.disputes.transaction(async (tx) => {
    let d = (await tx.lock(found.id))!
    let reopened = false
    let moved = false
    if (isResolved(d.status)) {
      if (program.disputes.finalAfterReview) throw new DomainError('dispute.final', { number: d.number })
      disputeTransition('reopen', d.status, d.number)
      d = await tx.update(
        d.id,
        {
          status: 'open',
          answerBy: answerByOf(program, now),
          resolution: null,
          resolvedAt: null,
          remindedAt: null,
          overdueAt: null,
          escalatedAt: null,
        },
        now,
      )
      reopened = true
      moved = true
    } else if (d.status === 'awaiting_partner') {
      // the partner answered: an escalated case is escalated again, others go back to their agent
      d = await tx.update(d.id, { status: d.escalatedAt ? 'escalated' : d.assignee ? 'claimed' : 'open' }, now)
      moved = true
    }
    const m = await tx.addMessage(partnerMessage(d.id, input, text, attachments, now))
    if (reopened)
      await tx.audit({
        at: now,
        actor: `partner:${input.partnerId}`,
        action: 'dispute.reopened',
        subjectType: 'dispute',
        subjectId: d.id,
        data: { number: d.number },
      })
    const jobs: Job[] = []
    // the desk is told what the message did: reopened the case, or brought the evidence its agent waited for
    if (m) jobs.push(mirror(m, reopened ? 'reopened' : moved ? 'evidence' : undefined))
    if (moved) jobs.push(card(d))
    if (reopened) jobs.push(...timers(deps, d))
    await tx.announce(...jobs)
    return { dispute: d, message: m, reopened, moved }
  })
  return out
}
