import type { DealRecord, EarnedCommission } from '../domain/deals.ts'
import type { EnrolmentStatus } from '../domain/enrolment-status.ts'
import type { EnrolmentRecord } from './earnings-store.ts'
import type { Announcer } from './jobs.ts'
import type { AuditEntry } from './partner-store.ts'

/** Writes of a partner's deals, with their audit row and the partner's notice, in one transaction. */
export interface DealTx extends Announcer {
  /** The enrolment of a partner in a program, locked (deals of one enrolment change one at a time). */
  lockEnrolmentOf(partnerId: string, programKey: string): Promise<EnrolmentRecord | null>
  /** Every deal of the enrolment, ended ones too, by start. */
  deals(enrolmentId: string): Promise<DealRecord[]>
  insertDeal(d: Omit<DealRecord, 'id'>): Promise<DealRecord>
  /** Sets when a deal stops judging events. */
  endDeal(id: string, until: Date): Promise<void>
  audit(entry: AuditEntry): Promise<void>
}

export interface DealStore {
  transaction<T>(fn: (tx: DealTx) => Promise<T>): Promise<T>
  /** The enrolment's id and status and every deal of it, by start; null when the partner is not in the program. */
  dealsOf(
    partnerId: string,
    programKey: string,
  ): Promise<{ enrolmentId: string; status: EnrolmentStatus; deals: DealRecord[] } | null>
  deal(id: string): Promise<(DealRecord & { partnerId: string; programKey: string }) | null>
  /** The commissions the enrolment earned for events in [from, to) (refused ones left out), oldest first. */
  earnedBetween(enrolmentId: string, from: Date, to: Date): Promise<EarnedCommission[]>
}
