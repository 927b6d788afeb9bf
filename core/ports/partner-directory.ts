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
  enrolments: { programKey: string; status: string }[]
}

/** Who a partner is reachable as, and the records notifications speak of. */
export interface PartnerDirectory {
  contact(partnerId: string): Promise<PartnerContact | null>
  /**
   * Erases a partner's personal data (name, Telegram identity, country, join answers, payment details), ends the
   * enrolments and cancels open payouts, keeping the ledger under the pseudonymous id. Audited. False if unknown.
   */
  erase(partnerId: string, at: Date): Promise<{ cancelledPayouts: string[] } | null>
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
