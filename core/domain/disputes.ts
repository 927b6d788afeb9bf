import type { ProgramDefinition } from '../programs/definition.ts'
import { addBusinessDays, endOfLocalDate } from './calendar.ts'
import { DomainError } from './errors.ts'
import { cutText, withoutControls } from './text.ts'

export const DISPUTE_SUBJECTS = ['commission', 'payout', 'sanction', 'other'] as const
export type DisputeSubject = (typeof DISPUTE_SUBJECTS)[number]
export type DisputeStatus = 'open' | 'claimed' | 'awaiting_partner' | 'escalated' | 'upheld' | 'rejected'
export type DisputeOutcome = 'upheld' | 'rejected'
export type DisputeAction =
  | 'claim'
  | 'reply'
  | 'ask_evidence'
  | 'partner_message'
  | 'escalate'
  | 'uphold'
  | 'reject'
  | 'reopen'

const FINAL_STATUSES: readonly DisputeStatus[] = ['upheld', 'rejected']
const OPEN: DisputeStatus[] = ['open', 'claimed', 'awaiting_partner', 'escalated']

/**
 * Which statuses each action may start from, and where it leads (undefined: the status stays). A desk action
 * on a dispute that moved on (resolved by a colleague a second earlier) is refused, not applied twice.
 */
const TRANSITIONS: Record<DisputeAction, { from: readonly DisputeStatus[]; to?: DisputeStatus }> = {
  claim: { from: OPEN, to: 'claimed' },
  reply: { from: OPEN },
  ask_evidence: { from: OPEN, to: 'awaiting_partner' },
  partner_message: { from: OPEN },
  escalate: { from: ['open', 'claimed', 'awaiting_partner'], to: 'escalated' },
  uphold: { from: OPEN, to: 'upheld' },
  reject: { from: OPEN, to: 'rejected' },
  reopen: { from: FINAL_STATUSES, to: 'open' },
}

export function disputeTransition(action: DisputeAction, from: DisputeStatus, number: number): DisputeStatus {
  const t = TRANSITIONS[action]
  // a double click or a colleague's stale card: there is nothing to refresh, the case is where it was sent
  if (action === 'escalate' && from === 'escalated') throw new DomainError('dispute.already_escalated', { number })
  if (!t.from.includes(from)) {
    throw new DomainError(FINAL_STATUSES.includes(from) ? 'dispute.resolved' : 'dispute.invalid_transition', {
      number,
      status: from,
      action,
    })
  }
  return t.to ?? from
}

export const isResolved = (status: DisputeStatus) => FINAL_STATUSES.includes(status)

/** The desk's actions on a dispute now (its buttons), by the transition table; claiming only while unassigned. */
export const DESK_ACTIONS = ['claim', 'reply', 'ask_evidence', 'uphold', 'reject', 'escalate'] as const
export function deskActions(d: { status: DisputeStatus; assignee?: string }): (typeof DESK_ACTIONS)[number][] {
  return DESK_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(d.status) && !(a === 'claim' && d.assignee))
}

/** A resolved dispute the program makes final (melbet): the partner cannot reopen it by writing again. */
export const isFinal = (status: DisputeStatus, program: Pick<ProgramDefinition, 'disputes'> | undefined) =>
  isResolved(status) && Boolean(program?.disputes.finalAfterReview)

/**
 * The answer-by moment: the end of the program's N-th business day after receipt, in the program's time zone
 * (melbet 14, the others from their definition), skipping its holidays.
 */
export function answerByOf(program: ProgramDefinition, receivedAt: Date): Date {
  const day = addBusinessDays(receivedAt, program.disputes.answerBusinessDays, program.timeZone, program.holidays)
  return endOfLocalDate(day, program.timeZone)
}

/** When the desk is reminded: one day before the deadline (or at once, for a deadline under a day away). */
export const reminderAt = (answerBy: Date, now: Date) =>
  new Date(Math.max(now.getTime(), answerBy.getTime() - 86_400_000))

/** The most text one message of a dispute may carry (the partner's parts together, as the flow joins them). */
export const MAX_DISPUTE_TEXT = 3500
/** The most files one message of a dispute may carry (the partner's parts together). */
export const MAX_ATTACHMENTS = 10

/** A file the partner or support sent with a message: where the desk or the bot can fetch it again. */
export interface Attachment {
  /** telegram: a Bot API file_id; slack: a Slack file id. */
  source: 'telegram' | 'slack'
  fileId: string
  kind: 'photo' | 'document'
  name?: string
  mime?: string
  size?: number
}

/**
 * Attachments as the other side will show them: a file's name is the sender's own text, so control characters and
 * bidi overrides go (with one, "invoice\u202Efdp.exe" reads "invoiceexe.pdf"), and it is cut to 200 characters.
 */
export function cleanAttachments(attachments: readonly Attachment[]): Attachment[] {
  return attachments.map((a) => {
    if (a.name === undefined) return a
    const name = cutText(withoutControls(a.name).trim(), 200)
    return { ...a, name: name || undefined }
  })
}

export function checkDisputeText(text: string, attachments: readonly Attachment[]): string {
  const clean = text.trim()
  if (!clean && !attachments.length) throw new DomainError('dispute.empty')
  if (clean.length > MAX_DISPUTE_TEXT) throw new DomainError('dispute.too_long', { max: MAX_DISPUTE_TEXT })
  if (attachments.length > MAX_ATTACHMENTS) throw new DomainError('dispute.too_many_files', { max: MAX_ATTACHMENTS })
  return clean
}
