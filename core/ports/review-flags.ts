/**
 * Kinds of review flag: the periodic low-activity check, a customer who can never earn (self-referral, an
 * existing customer) in a program that leaves the consequence to a human (quantower: disqualification), and a
 * refund reported after a campaign program's cancellation window (chetup), which takes nothing back by itself.
 */
export type ReviewFlagKind =
  | 'low_activity'
  | 'self_referral'
  | 'existing_customer'
  | 'late_refund'
  /** worksection-referral 4.5: an account claimed by two partners, whose reward was already payable. */
  | 'claimed_twice'

/**
 * A partner's enrolment set aside for a human decision (e.g. low activity: lower the rate or suspend).
 * A flag only records the question and its answer: any sanction is applied through the sanctions use-case.
 */
export interface ReviewFlagRecord {
  id: string
  enrolmentId: string
  partnerId: string
  programKey: string
  kind: ReviewFlagKind
  /** What the flag is about, unique per enrolment and kind (a period such as 2026-08..2026-10, a customer). */
  subject: string
  details: Record<string, unknown>
  createdAt: Date
  resolvedAt?: Date
  resolvedBy?: string
  resolution?: string
}

export interface EnrolmentActivity {
  enrolmentId: string
  partnerId: string
  newUsers: number
}

export interface NewReviewFlag {
  enrolmentId: string
  partnerId: string
  programKey: string
  kind: ReviewFlagKind
  subject: string
  details: Record<string, unknown>
  createdAt: Date
}

export interface ReviewFlagStore {
  /**
   * New users (eligible customers qualified in [from, to)) of every active enrolment of a program registered
   * at or before `registeredBefore`, zero included.
   */
  newUsersPerEnrolment(programKey: string, from: Date, to: Date, registeredBefore: Date): Promise<EnrolmentActivity[]>
  /**
   * Inserts the flags not yet raised (same enrolment, kind and subject: skipped), each with an audit-log row,
   * in one transaction. Returns how many were new.
   */
  insertFlags(flags: NewReviewFlag[]): Promise<number>
  /** Newest first. */
  list(q: { programKey?: string; open?: boolean; limit: number }): Promise<ReviewFlagRecord[]>
  find(id: string): Promise<ReviewFlagRecord | null>
  /**
   * Compare-and-set: records the decision on an open flag, with an audit-log row. Null when the flag is
   * unknown or was already resolved (a concurrent decision won).
   */
  resolve(
    id: string,
    decision: { resolution: string; actor: string; at: Date; note?: string },
  ): Promise<ReviewFlagRecord | null>
}
