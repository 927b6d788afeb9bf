import type { Announcement } from './jobs.ts'
import type { SanctionRecord } from './ledger-store.ts'

export interface PartnerContact {
  partnerId: string
  telegramId?: bigint
  language: string
}

/** A partner as the bot sees it: who they are and which programs they are in. */
export interface ChatPartner {
  partnerId: string
  language: string
  legalType: 'individual' | 'company'
  /** The Telegram @username last seen (support looks partners up by it). */
  telegramUsername?: string
  enrolments: { programKey: string; status: string; acceptedTermsAt: Date | null }[]
}

/** Who a partner is reachable as, and the records notifications speak of. */
export interface PartnerDirectory {
  contact(partnerId: string): Promise<PartnerContact | null>
  /**
   * Erases a partner's personal data (name, Telegram identity, country, join answers, payment details and their
   * masks, the text, files and Telegram references of their dispute messages), ends the enrolments and cancels open
   * payouts (announcing `news` of each, in the same transaction), keeping the ledger, the decisions and the audit
   * trail under the pseudonymous id. Audited. Null if unknown or already erased.
   */
  erase(
    partnerId: string,
    at: Date,
    news: (cancelledPayoutId: string) => Announcement[],
  ): Promise<{ cancelledPayouts: string[] } | null>
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
}

export interface PartnerCode {
  programKey: string
  code: string
  kind: 'link' | 'promo'
  campaignKey?: string
  status: 'active' | 'suspended'
}

export interface DigestLine {
  programKey: string
  currency: string
  /** Net commissions confirmed or pending (minor units; negative revenue shares can make it negative). */
  earnedMinor: bigint
  commissions: number
  /** Taken back by reversals, annulments and penalties (positive). */
  reversedMinor: bigint
}
