import type { SanctionRecord } from './ledger-store.ts'
/** How support names a partner: its id, its Telegram @username or numeric id, or one of its codes. */
export type PartnerQuery =
  | { by: 'id'; id: string }
  | { by: 'username'; username: string }
  | { by: 'telegram'; telegramId: bigint }
  | { by: 'code'; code: string }

export interface PartnerCandidate {
  id: string
  name?: string
  telegramUsername?: string
  programs: string[]
}

export type ProfileSanction = Omit<SanctionRecord, 'enrolmentId' | 'partnerId'>

/** What the desk shows of a partner: identity, standing per program, sanctions and the latest activity. */
export interface PartnerProfileRecord {
  id: string
  name?: string
  telegramUsername?: string
  hasTelegram: boolean
  language: string
  legalType: 'individual' | 'company'
  country?: string
  unreachable: boolean
  erased: boolean
  createdAt: Date
  enrolments: {
    programKey: string
    status: 'applied' | 'active' | 'blocked' | 'disqualified' | 'terminated' | 'declined'
    registeredAt: Date
    payoutHoldUntil?: Date
    payoutHoldReason?: string
    /** Payouts blocked until support lifts the block (an ad-rule warning not resolved in time): its reason. */
    payoutsBlockedReason?: string
    /** When the agreement ends or ended, and why (core/programs/definition.ts END_REASONS). */
    endsAt?: Date
    endReason?: string
    paymentDetailsAgreed: boolean
    /** What the program asked when joining (age confirmed, traffic sources...). */
    answers: Record<string, string | boolean>
    codes: { code: string; status: 'active' | 'suspended'; campaignKey?: string }[]
  }[]
  /** The ten newest, lifted ones too: the card's history. */
  sanctions: ProfileSanction[]
  /**
   * The sanctions in force that can be lifted (blocks, code suspensions, warnings), however old: blocks and code
   * suspensions first, then warnings, newest first within each (the card's lift buttons and open warnings).
   */
  inForce: ProfileSanction[]
  /** The newest ledger entries, newest first; `journal` is the movement each belongs to. */
  recent: {
    journal: string
    programKey: string
    currency: string
    amountMinor: bigint
    account: string
    kind: string
    reason?: string
    at: Date
  }[]
  /**
   * Review flags not decided yet, newest first: the rule (kind) and its evidence (the customer and the event that
   * raised it, a period...), for support to decide on (quantower: disqualification).
   */
  openFlags: { id: string; programKey: string; kind: string; details: Record<string, unknown>; createdAt: Date }[]
  /** Commissions held for review, oldest first (at most 10): the customer as the program names them. */
  held: {
    id: string
    programKey: string
    currency: string
    amountMinor: bigint
    reason?: string
    occurredAt: Date
    customer?: string
  }[]
  /** Payouts not final yet (requested, approved, needs review). */
  openPayouts: { id: string; programKey: string; status: string; currency: string; grossMinor: bigint }[]
}

/** Where the finance desk posted a card (to update it when the payout or batch changes). */
export interface DeskCardRef {
  channel: string
  ts: string
}

/**
 * An application's card in the disputes channel: where it was posted (if it was) and the decision on the
 * application, as the audit log recorded it (who, when), once there is one.
 */
export interface ApplicationCardRecord {
  enrolmentStatus: PartnerProfileRecord['enrolments'][number]['status']
  card?: DeskCardRef
  decision?: { status: 'active' | 'declined'; actor: string; at: Date }
}

/** The desk's read side (partner look-up) and where its payout, batch and application cards live. */
export interface PartnerLookupStore {
  /** Partner ids matching the query, at most `limit` (a username is not unique). */
  find(q: PartnerQuery, limit: number): Promise<PartnerCandidate[]>
  profile(partnerId: string, recent: number): Promise<PartnerProfileRecord | null>
  /** Who a payout is for (name, username, standing in its program) and its card, if posted. */
  payoutParty(payoutId: string): Promise<{
    partner: { id: string; name?: string; telegramUsername?: string; erased: boolean }
    enrolmentStatus: string
    card?: DeskCardRef
  } | null>
  batchCard(batchId: string): Promise<DeskCardRef | null>
  /** Records where a card was posted, once: false when another card was recorded first. */
  setPayoutCard(payoutId: string, card: DeskCardRef): Promise<boolean>
  setBatchCard(batchId: string, card: DeskCardRef): Promise<boolean>
  /** An application's card and the decision on it; null when the partner has no enrolment in the program. */
  applicationCard(partnerId: string, programKey: string): Promise<ApplicationCardRecord | null>
  /** Records where an application's card was posted, once: false when another card was recorded first. */
  setApplicationCard(partnerId: string, programKey: string, card: DeskCardRef): Promise<boolean>
  /** Payouts of a batch that have a desk card (to update them when the batch is paid). */
  carded(batchId: string): Promise<string[]>
  /**
   * Payouts waiting for finance (requested in the given on-request programs, or in review): the ids of the oldest
   * `limit`, oldest first, and how many wait in all.
   */
  awaitingDecision(onRequestPrograms: string[], limit: number): Promise<{ ids: string[]; total: number }>
}
