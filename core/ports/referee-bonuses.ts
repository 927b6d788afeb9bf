/**
 * A reward a program owes to the customer a partner referred, on the customer's own account (worksection-referral
 * Appendix 1: the "$25 first-payment bonus"). The program's obligation to its own customer, not the partner's
 * money: it is listed for the program's team, who grant it in the program's own system and mark it granted here.
 */
export type RefereeBonusStatus = 'owed' | 'granted' | 'voided'
export const REFEREE_BONUS_STATUSES: readonly RefereeBonusStatus[] = ['owed', 'granted', 'voided']

export interface RefereeBonusRecord {
  id: string
  programKey: string
  /** The customer's id in the program's own system (as its postbacks name it). */
  customer: string
  /** The qualifying payment: the postback's own id. */
  event: string
  amountMinor: bigint
  currency: string
  status: RefereeBonusStatus
  /** The partner who referred the customer. */
  partnerId: string
  partnerName?: string
  createdAt: Date
  grantedAt?: Date
  grantedBy?: string
  voidedAt?: Date
  voidReason?: string
}

/** Written inside the postback's transaction (EarningsTx.recordRefereeBonus). */
export interface NewRefereeBonus {
  programKey: string
  customerId: string
  enrolmentId: string
  partnerId: string
  eventId: string
  amountMinor: bigint
  currency: string
  at: Date
}

export interface RefereeBonusStore {
  /** Oldest first (the order the team works through them). */
  list(q: { programKey: string; status?: RefereeBonusStatus; limit: number }): Promise<RefereeBonusRecord[]>
  find(id: string): Promise<RefereeBonusRecord | null>
  /**
   * Compare-and-set owed -> granted, with an audit-log row. Null when the bonus is unknown or no longer owed
   * (already granted by someone else, or voided).
   */
  grant(id: string, d: { actor: string; at: Date }): Promise<RefereeBonusRecord | null>
}
