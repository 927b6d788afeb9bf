import type { EnrolmentStatus } from '../domain/enrolment-status.ts'
import type { TermsTexts } from '../domain/terms.ts'
import type { PublishedRules } from '../programs/catalog.ts'
import type { CommissionRule } from '../programs/definition.ts'
import type { Announcer } from './jobs.ts'
import type { AuditEntry } from './partner-store.ts'

export interface TermsVersionRecord {
  id: string
  programKey: string
  version: number
  effectiveAt: Date
  publishedAt?: Date
  /** Withdrawn before it took effect (its broadcast cancelled): it binds nobody, and its commission is no rule. */
  withdrawnAt?: Date
  texts: TermsTexts
  /** Only commission rates change (they may take effect on publication where the terms say so). */
  ratesOnly: boolean
  /** A new commission rule for the program from the effective date (rates, levels), if the change has one. */
  commission?: CommissionRule
  createdBy: string
  createdAt: Date
}

export type BroadcastStatus = 'running' | 'paused' | 'cancelled' | 'completed'
/**
 * A delivery's state; `answered_before_delivery`: not sent, the partner answered the change (in /terms) before it reached
 * them and has left the program since (an objection that ended their agreement): not a failure.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'answered_before_delivery'

export interface BroadcastRecord {
  id: string
  programKey: string
  termsVersionId?: string
  status: BroadcastStatus
  ratePerSecond: number
  paid: boolean
  createdBy: string
  slackChannel?: string
  slackTs?: string
  createdAt: Date
  finishedAt?: Date
}

export interface BroadcastCounts {
  total: number
  pending: number
  sending: number
  sent: number
  /** Messages that did not go through (Telegram refused them, or the partner has no Telegram). */
  failed: number
  blocked: number
  /** Not sent: the partner had answered the change before it reached them, and left the program (not a failure). */
  answeredBeforeDelivery: number
  acknowledged: number
  objected: number
  /**
   * Partners the message reached (sent) who have neither acknowledged nor objected yet and can still answer: their
   * agreement is in force (not an application, not declined, not ended).
   */
  unanswered: number
}

/** A delivery claimed for sending, with what the message needs. */
export interface ClaimedDelivery {
  id: bigint
  partnerId: string
  telegramId?: bigint
  language: string
  /** Tries so far, this one included. */
  attempts: number
  /** Their enrolment is an application still waiting for approval: no agreement yet to acknowledge or object to. */
  applicant?: boolean
  /**
   * Their answer to the change, given before it reached them (in /terms) while they stayed in the program (an
   * acknowledgement, or an objection that did not end the agreement): the message shows it instead of asking.
   */
  answer?: { kind: TermsAnswerKind; at: Date }
}

export type TermsAnswerKind = 'acknowledged' | 'objected'

export interface ReportRow {
  partnerId: string
  name?: string
  telegramUsername?: string
  language: string
  delivery: DeliveryStatus
  sentAt?: Date
  lastError?: string
  answer?: TermsAnswerKind
  answeredAt?: Date
}

export interface TermsTx extends Announcer {
  /**
   * The number the program's next published version takes (its published versions plus one; drafts take none of
   * their own), under a lock on the program's row.
   */
  nextVersion(programKey: string): Promise<number>
  insertVersion(v: Omit<TermsVersionRecord, 'id' | 'publishedAt'>): Promise<TermsVersionRecord>
  lockVersion(id: string): Promise<TermsVersionRecord | null>
  /**
   * Published now as `version` (nextVersion), in force from `effectiveAt` (the draft's date, or the earliest moment it
   * meant); the program's other drafts then read as the number after it.
   */
  markPublished(id: string, at: Date, effectiveAt: Date, version: number): Promise<void>
  /** Withdrawn before it took effect: it binds nobody from now on. */
  markWithdrawn(id: string, at: Date): Promise<void>
  insertBroadcast(b: Omit<BroadcastRecord, 'id' | 'finishedAt' | 'slackTs'>): Promise<BroadcastRecord>
  /** One pending delivery per partner in the program (active or applied), in one statement; the count. */
  insertDeliveries(broadcastId: string, programKey: string, at: Date): Promise<number>
  lockBroadcast(id: string): Promise<BroadcastRecord | null>
  setBroadcastStatus(id: string, status: BroadcastStatus, at: Date): Promise<void>
  /** Deliveries of the broadcast still pending or sending. */
  unfinished(broadcastId: string): Promise<number>
  /** The partners the broadcast told (sent, or being sent when it stopped). */
  toldPartners(broadcastId: string): Promise<string[]>
  answerOf(versionId: string, partnerId: string): Promise<{ kind: string; at: Date } | null>
  saveAnswer(versionId: string, partnerId: string, kind: TermsAnswerKind, at: Date): Promise<void>
  /** The partner's enrolment ends at `endsAt` (the moment their objection to a change was received). */
  endAgreementAt(partnerId: string, programKey: string, endsAt: Date, at: Date): Promise<boolean>
  audit(entry: AuditEntry): Promise<void>
}

export interface TermsStore {
  transaction<T>(fn: (tx: TermsTx) => Promise<T>): Promise<T>
  version(id: string): Promise<TermsVersionRecord | null>
  versions(programKey: string): Promise<TermsVersionRecord[]>
  /** Every published commission change, and how many term changes are published (the rules' revision). */
  publishedRules(): Promise<PublishedRules>
  /** The languages of the partners of a program who will be told (live enrolments, reachable or not). */
  neededLanguages(programKey: string): Promise<string[]>
  /** How many partners are active in the program now (whom a commission change concerns). */
  activePartners(programKey: string): Promise<number>
  /** The partner's status in the program, or null when not enrolled. */
  enrolmentStatus(
    partnerId: string,
    programKey: string,
  ): Promise<{ status: string; endsAt?: Date; endReason?: string } | null>
  answers(partnerId: string, versionIds: string[]): Promise<Map<string, { kind: string; at: Date }>>
  /** When the partner was told of a version (its broadcast message was sent), if it was. */
  deliveredAt(versionId: string, partnerId: string): Promise<Date | null>
  /**
   * Where the partner's message of a version stands: `sent`, `sending` (a pump holds it: it may be on its way),
   * another status (not sent), or null when the partner had none.
   */
  deliveryStatus(versionId: string, partnerId: string): Promise<string | null>
  broadcast(id: string): Promise<BroadcastRecord | null>
  broadcasts(programKey?: string): Promise<BroadcastRecord[]>
  /** `at`: the moment whose agreements in force decide who can still answer. */
  counts(broadcastId: string, at: Date): Promise<BroadcastCounts>
  setBroadcastMessage(id: string, channel: string, ts: string): Promise<void>
  /** Claims up to `n` pending deliveries (SKIP LOCKED: two pumps never take the same one). */
  claim(broadcastId: string, n: number, at: Date): Promise<ClaimedDelivery[]>
  finish(
    id: bigint,
    status: 'sent' | 'failed' | 'blocked' | 'pending',
    at: Date,
    info?: { messageId?: number; error?: string },
  ): Promise<void>
  /** Deliveries left `sending` by a crashed pump go back to pending (they may have been sent: the in-flight ones). */
  requeueSending(broadcastId: string): Promise<number>
  markUnreachable(partnerId: string, at: Date): Promise<void>
  /** Broadcasts left running by a crash or restart, to be picked up again. */
  running(): Promise<BroadcastRecord[]>
  report(broadcastId: string): Promise<ReportRow[]>
  /** Runs the ending of agreements in one transaction (core/use-cases/end-agreements.ts decides). */
  agreements<T>(fn: (tx: AgreementTx) => Promise<T>): Promise<T>
}

/** An enrolment whose agreement has an end date. */
export interface EndingAgreement {
  id: string
  partnerId: string
  programKey: string
  status: EnrolmentStatus
  /** Why it ends (core/programs/definition.ts END_REASONS); null for rows ended before reasons were kept. */
  endReason: string | null
}

export interface AgreementTx extends Announcer {
  /** Up to `limit` enrolments in `statuses` whose agreement ends at or before `now`, locked. */
  dueAgreements(now: Date, statuses: EnrolmentStatus[], limit: number): Promise<EndingAgreement[]>
  /** Compare-and-set: false when the status was no longer one of `from`. */
  setEnrolmentStatus(id: string, from: EnrolmentStatus[], to: EnrolmentStatus, at: Date): Promise<boolean>
  audit(entry: AuditEntry): Promise<void>
}
