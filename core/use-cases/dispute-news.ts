import { reminderAt } from '../domain/disputes.ts'
import { DomainError } from '../domain/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { DisputeMessage, DisputeRecord, DisputeStore } from '../ports/dispute-store.ts'
import type { Announcement, DISPUTE_NEWS } from '../ports/jobs.ts'
import type { Logger } from '../ports/logger.ts'
import type { DeskCardKind } from '../ports/partner-directory.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface DisputeDeps {
  clock: Clock
  logger: Logger
  disputes: DisputeStore
  program: (key: string) => ProgramDefinition | undefined
}

/** The desk is reminded this long before an answer is due. */
export const REMIND_BEFORE_MS = 24 * 60 * 60 * 1000

/** Why a dispute was upheld or rejected: a code the partner reads in their own language, plus an optional note. */
export const RESOLUTION_REASONS = [
  'corrected',
  'evidence_accepted',
  'terms_applied',
  'no_evidence',
  'fraud_confirmed',
  'out_of_scope',
  'other',
] as const
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number]

/**
 * The reasons each outcome may give: upholding says what was wrong on the program's side, rejecting why the
 * claim does not stand ("other" in both, with a note the partner reads).
 */
export const OUTCOME_REASONS = {
  upheld: ['corrected', 'evidence_accepted', 'other'],
  rejected: ['terms_applied', 'no_evidence', 'fraud_confirmed', 'out_of_scope', 'other'],
} as const satisfies Record<'upheld' | 'rejected', readonly ResolutionReason[]>

/** What happened to a dispute, as the partner is told (notifications queue) and the desk shows it. */
export type DisputeNews = (typeof DISPUTE_NEWS)[number]

export type Job = Announcement

/** The card shows the dispute as it is when the job runs, so a repeated job only re-renders it (no job id). */
export const card = (d: DisputeRecord): Job => ({ queue: 'desk', name: 'dispute_card', data: { disputeId: d.id } })
/**
 * The card re-rendered once after the partner erased their data (keyed by the dispute: a partner is erased once),
 * so the desk stops showing their name, @username and words; the job reads the erased dispute when it runs.
 */
export const erasedCard = (disputeId: string): Job => ({
  queue: 'desk',
  name: 'dispute_card',
  data: { disputeId },
  opts: { jobId: `dispute-card-erased-${disputeId}` },
})
/** A partner's message the desk copied into a dispute's thread, after an erasure: edited, its files deleted. */
export const erasedCopy = (messageId: string): Job => ({
  queue: 'desk',
  name: 'dispute_copy_erased',
  data: { messageId },
  opts: { jobId: `dispute-copy-erased-${messageId}` },
})
/** Another desk card that named the partner (desk_cards), after an erasure: edited to name no one. */
export const erasedDeskCard = (kind: DeskCardKind, subject: string): Job => ({
  queue: 'desk',
  name: 'desk_card_erased',
  data: { kind, subject },
  opts: { jobId: `desk-card-erased-${kind}-${subject}` },
})
/** An application's card, after an erasure: re-rendered without the partner's name, country and answers. */
export const erasedApplication = (partnerId: string, programKey: string): Job => ({
  queue: 'desk',
  name: 'application_card',
  data: { partnerId, programKey },
  opts: { jobId: `application-card-erased-${partnerId}-${programKey}` },
})
export const mirror = (m: DisputeMessage, after?: 'reopened' | 'evidence'): Job => ({
  queue: 'desk',
  name: 'dispute_message',
  data: after ? { messageId: m.id, after } : { messageId: m.id },
  opts: { jobId: `dispute-message-${m.id}` },
})
/**
 * Each is announced in the transaction that made the news, so it is queued once that commits (a retried action
 * fails its transition check instead of telling twice); a message's notice is also keyed by the message.
 */
export const tell = (d: DisputeRecord, news: DisputeNews, messageId?: string): Job => ({
  queue: 'notifications',
  name: 'dispute_update',
  data: { disputeId: d.id, news, messageId: messageId ?? null },
  opts: messageId ? { jobId: `dispute-${d.id}-${news}-${messageId}` } : undefined,
})
/** A reminder and a deadline per answer-by date; the jobs re-check state and time when they fire. */
export function timers(deps: DisputeDeps, d: DisputeRecord): Job[] {
  const now = deps.clock.now().getTime()
  return (['reminder', 'deadline'] as const).map((kind) => {
    const at = kind === 'reminder' ? reminderAt(d.answerBy, new Date(now)) : d.answerBy
    return {
      queue: 'disputes',
      name: 'dispute_timer',
      data: { disputeId: d.id, kind },
      opts: { jobId: `dispute-${kind}-${d.id}-${d.answerBy.getTime()}`, delayMs: Math.max(0, at.getTime() - now) },
    }
  })
}

export function programOf(deps: DisputeDeps, key: string) {
  const p = deps.program(key)
  if (!p) throw new DomainError('program.not_found', { program: key })
  return p
}
