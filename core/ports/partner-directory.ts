import type { EnrolmentStatus } from '../domain/enrolment-status.ts'
import type { NewEntry } from '../domain/ledger.ts'
import type { PayoutStatus } from '../domain/payouts.ts'
import type { Announcer } from './jobs.ts'
import type { SanctionRecord } from './ledger-store.ts'
import type { AuditEntry } from './partner-store.ts'

export interface PartnerContact {
  partnerId: string
  telegramId?: bigint
  language: string
}

/** A partner as the bot sees it: who they are and which programs they are in. */
export interface ChatPartner {
  partnerId: string
  /** The name the partner joined with (absent: none given, or erased). */
  name?: string
  language: string
  legalType: 'individual' | 'company'
  /** The Telegram @username last seen (support looks partners up by it). */
  telegramUsername?: string
  /** `endReason`: why an ended enrolment ended (core/programs/definition.ts END_REASONS; none while in force). */
  enrolments: { programKey: string; status: string; acceptedTermsAt: Date | null; endReason?: string | null }[]
}

/** Who a partner is reachable as, and the records notifications speak of. */
export interface PartnerDirectory {
  contact(partnerId: string): Promise<PartnerContact | null>
  /** Runs an erasure's reads and compare-and-set writes in one transaction (see ErasureTx). */
  erasure<T>(fn: (tx: ErasureTx) => Promise<T>): Promise<T>
  /** Partners reachable in Telegram with ledger news since their last digest, and the newest entry id. */
  digestDue(limit: number): Promise<{ partnerId: string; upTo: bigint }[]>
  /** What changed for a partner between its digest cursor and `upTo`, per program and currency. */
  digest(partnerId: string, upTo: bigint): Promise<{ cursor: bigint; lines: DigestLine[] } | null>
  /** Moves the cursor from `from` to `upTo` (compare-and-set: a concurrent digest moves it once). */
  markDigested(partnerId: string, from: bigint, upTo: bigint): Promise<boolean>
  /** The partner's Telegram @username as last seen (null: they have none any more). */
  setTelegramUsername(partnerId: string, username: string | null, at: Date): Promise<void>
  /** The language the partner chose for messages. */
  setLanguage(partnerId: string, language: string, at: Date): Promise<void>
  /** Every code of a partner, by program (and campaign), oldest first. */
  codes(partnerId: string): Promise<PartnerCode[]>
  /** The partner behind a Telegram account; null for a stranger (or erased data). */
  byTelegram(telegramId: bigint): Promise<ChatPartner | null>
  sanction(id: string): Promise<SanctionRecord | null>
  /** The partner's sanctions in a program in force at `now` (not lifted, not ended), newest first. */
  activeSanctions(partnerId: string, programKey: string, now: Date): Promise<SanctionRecord[]>
  /** Records a card the desk posted that names the partner (once per kind and subject). */
  recordDeskCard(card: DeskCardRecord): Promise<void>
  deskCard(kind: DeskCardRecord['kind'], subject: string): Promise<DeskCardRecord | null>
}

/**
 * A card the desk posted that names a partner and that no row of its own keeps, by kind and subject (a job id may not
 * hold a colon): payment details to agree (`<program>.<details id>`), an overdue ad-rule warning (the sanction's id),
 * a terms objection's notice (`<version id>.<partner id>`), and a card an agent was sent as a direct message from the
 * App Home (`<user>.<queue>.<item id>`): what an erasure edits.
 */
export const DESK_CARD_KINDS = ['details', 'ad_warning', 'objection', 'direct'] as const
export type DeskCardKind = (typeof DESK_CARD_KINDS)[number]

export interface DeskCardRecord {
  kind: DeskCardKind
  subject: string
  partnerId: string
  programKey: string
  channel: string
  ts: string
  at: Date
}

export interface PartnerCode {
  programKey: string
  code: string
  kind: 'link' | 'promo'
  campaignKey?: string
  status: 'active' | 'suspended'
  /**
   * What suspended it: a sanction (a code suspension, a disqualification; its lift reinstates the code) or the desk,
   * the code on its own (`single`: it stays suspended until reinstated by hand). None while it is active.
   */
  suspendedBy?: 'sanction' | 'single'
  /** The code's own rate and validity (extra codes issued by the program's team). */
  rateOverrideBps?: number
  validFrom?: Date
  validUntil?: Date
}

export interface DigestLine {
  programKey: string
  currency: string
  /** Commissions earned, confirmed or pending (minor units, positive): the losses are `lossMinor`. */
  earnedMinor: bigint
  commissions: number
  /** A revenue share's losses (melbet's negative weeks), set against later earnings (positive). */
  lossMinor: bigint
  /** Taken back by reversals, annulments and penalties (positive). */
  reversedMinor: bigint
  /**
   * A month lifted to a higher volume tier (month-tiers.ts): the tier, the month's first moment, and what the top-ups
   * added to its earlier revenue (not in `earnedMinor` nor `commissions`). The highest, when several.
   */
  tier?: { rateBps: number; month: Date; toppedUpMinor: bigint }
}

/** A payout an erasure may cancel: requested or under review, in no batch. */
export interface CancellablePayout {
  id: string
  programKey: string
  enrolmentId: string
  currency: string
  grossMinor: bigint
  status: 'requested' | 'needs_review'
}

/**
 * The writes of an erasure, in one transaction. The use-case (core/use-cases/erase-partner.ts) decides; these
 * apply: status changes are compare-and-set on the states the domain's transition tables allow.
 */
export interface ErasureTx extends Announcer {
  /**
   * Locks the partner, then its enrolments (the order of every transaction that saves payment details or requests
   * a payout, so none is half seen); null if unknown or already erased.
   */
  lockPartner(partnerId: string): Promise<{ enrolments: { id: string; status: EnrolmentStatus }[] } | null>
  /** Payouts of the partner in `statuses` and in no batch. */
  unbatchedPayouts(partnerId: string, statuses: PayoutStatus[]): Promise<CancellablePayout[]>
  setPayoutStatus(id: string, from: PayoutStatus[], to: PayoutStatus, reason: string, at: Date): Promise<boolean>
  setEnrolmentStatus(id: string, from: EnrolmentStatus[], to: EnrolmentStatus, at: Date): Promise<boolean>
  post(entries: NewEntry[]): Promise<void>
  /** The partner's disputes whose card the desk posted (it keeps their Slack channel and ts): ids only. */
  disputeCards(partnerId: string): Promise<string[]>
  /** The partner's own dispute messages the desk copied into a Slack thread (a message's ts or its files): ids. */
  deskCopies(partnerId: string): Promise<string[]>
  /** The desk's other cards that name the partner (desk_cards): kind and subject. */
  deskCards(partnerId: string): Promise<{ kind: DeskCardRecord['kind']; subject: string }[]>
  /** The programs whose application card of the partner's the desk posted (it keeps its Slack ts): keys. */
  applicationCards(partnerId: string): Promise<string[]>
  /**
   * Wipes the partner's personal data: name, Telegram identity, country, join answers and own account id, payment
   * details (those an approved payout still pays to keep their ciphertext until it is settled) and their masks in
   * payout answers and the audit log, the text, files and Telegram references of their dispute messages; suspends
   * their codes and marks the partner erased. The ledger, the decisions and the audit trail stay.
   */
  wipePersonalData(partnerId: string, at: Date): Promise<void>
  audit(entry: AuditEntry): Promise<void>
}
