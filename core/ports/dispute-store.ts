import type { Attachment, DisputeStatus, DisputeSubject } from '../domain/disputes.ts'
import type { TextFormat } from '../domain/text-format.ts'
import type { Announcer } from './jobs.ts'
import type { AuditEntry } from './partner-store.ts'

export interface DisputeRecord {
  id: string
  number: number
  partnerId: string
  programKey: string
  subject: DisputeSubject
  subjectId?: string
  status: DisputeStatus
  assignee?: string
  answerBy: Date
  termsId?: string
  slackChannel?: string
  slackTs?: string
  resolution?: string
  resolvedAt?: Date
  remindedAt?: Date
  overdueAt?: Date
  /** When it was escalated (an agent, or its deadline); null once reopened. */
  escalatedAt?: Date
  createdAt: Date
  updatedAt: Date
}

export type MessageAuthor = 'partner' | 'support' | 'system'

export interface DisputeMessage {
  id: string
  disputeId: string
  author: MessageAuthor
  authorRef?: string
  text: string
  /** The text's formatting (support's bold, code...), in UTF-16 units of `text`; none for most messages. */
  format?: TextFormat[]
  attachments: Attachment[]
  /** Where it was written (telegram, slack_thread, slack_modal, system) and its id there: a redelivery is a no-op. */
  source: string
  sourceRef: string
  createdAt: Date
  /** Where the desk copied it into the dispute's Slack thread (a partner's message): its ts, the files' ids. */
  slackTs?: string
  slackFiles?: string[]
}

/** Something of the partner's own that a dispute can be about, as the bot lists it. */
export interface DisputeSubjectItem {
  subject: Exclude<DisputeSubject, 'other'>
  id: string
  programKey: string
  at: Date
  currency?: string
  amountMinor?: bigint
  status: string
  /** A commission's date its money is payable from (its status as read: commissionStatusAt). */
  availableAt?: Date
  reason?: string
  /** The rule (commission), the method (payout) or the kind (sanction). */
  detail: string
  /** A commission's order, as the program's postback named it, and its customer: what tells two alike apart. */
  orderRef?: string
  customerRef?: string
}

/** What the desk sees beside a dispute: the disputed item, the partner's standing and history. */
export interface DisputeContext {
  partner: {
    id: string
    name?: string
    telegramUsername?: string
    language: string
    legalType: 'individual' | 'company'
    country?: string
    /** The partner erased their data: no name, Telegram identity or words of theirs are left to show. */
    erased: boolean
  }
  enrolment?: { status: string; registeredAt: Date; acceptedTermsAt?: Date }
  item?: DisputeSubjectItem & {
    availableAt?: Date
    orderRef?: string
    /** A commission: what restoring it would give back now (restorableMinor in core/domain/ledger.ts). */
    restorableMinor?: bigint
    /** A commission: the penalty charged with it that a restore returns with it (0n: none). */
    penaltyMinor?: bigint
  }
  /** The terms in force when the dispute was opened: a published version, or the definition's revision. */
  terms: { version?: number; revision: number }
  /** Open review flags and fraud refusals of the partner in this program. */
  flags: string[]
  history: { disputes: number; upheld: number; rejected: number; sanctions: number }
}

export interface NewDispute {
  partnerId: string
  programKey: string
  subject: DisputeSubject
  subjectId?: string
  status: DisputeStatus
  answerBy: Date
  termsId?: string
  createdAt: Date
}

/** Fields a desk action or timer changes; null clears a date. */
export interface DisputeChanges {
  status?: DisputeStatus
  assignee?: string
  answerBy?: Date
  resolution?: string | null
  resolvedAt?: Date | null
  remindedAt?: Date | null
  overdueAt?: Date | null
  escalatedAt?: Date | null
  slackChannel?: string
  slackTs?: string
}

export interface DisputeTx extends Announcer {
  /** The dispute, locked for this transaction (FOR NO KEY UPDATE). */
  lock(id: string): Promise<DisputeRecord | null>
  insert(d: NewDispute): Promise<DisputeRecord>
  update(id: string, changes: DisputeChanges, at: Date): Promise<DisputeRecord>
  /** Null when (source, sourceRef) was stored before: the same message delivered twice. */
  addMessage(m: Omit<DisputeMessage, 'id'>): Promise<DisputeMessage | null>
  messageBySource(source: string, sourceRef: string): Promise<DisputeMessage | null>
  audit(entry: AuditEntry): Promise<void>
}

export interface DisputeStore {
  transaction<T>(fn: (tx: DisputeTx) => Promise<T>): Promise<T>
  byId(id: string): Promise<DisputeRecord | null>
  byNumber(number: number): Promise<DisputeRecord | null>
  byThread(channel: string, ts: string): Promise<DisputeRecord | null>
  ofPartner(partnerId: string, limit: number): Promise<DisputeRecord[]>
  /** Unresolved disputes, the nearest deadline first. */
  queue(limit: number): Promise<DisputeRecord[]>
  /** How many disputes are unresolved (the whole queue, however few of it a list shows). */
  openCount(): Promise<number>
  /** Unresolved disputes whose reminder or deadline has come and not been handled. */
  due(now: Date, remindBeforeMs: number, limit: number): Promise<DisputeRecord[]>
  messages(disputeId: string): Promise<DisputeMessage[]>
  message(id: string): Promise<DisputeMessage | null>
  /** Records where the desk copied a message: the thread message's ts, or one more file uploaded with it. */
  recordDeskCopy(messageId: string, copy: { ts: string } | { file: string }): Promise<void>
  /**
   * The partner's commissions, payouts and sanctions (in one program if given), per kind up to `limit`: refused,
   * reversed or held ones first (what partners dispute), then the newest.
   */
  subjectsOf(partnerId: string, limit: number, programKey?: string): Promise<DisputeSubjectItem[]>
  /** One of the partner's own items; null when it is not theirs (a partner can only dispute their own). */
  subject(partnerId: string, kind: DisputeSubjectItem['subject'], id: string): Promise<DisputeSubjectItem | null>
  /** The terms version in force for a program at a moment, if versions are published. */
  termsInForce(programKey: string, at: Date): Promise<{ id: string; version: number } | null>
  context(d: DisputeRecord): Promise<DisputeContext>
}
