import type { EnrolmentRecord } from './earnings-store.ts'
import type { Announcer } from './jobs.ts'
import type { AuditEntry } from './partner-store.ts'

/** A partner's referral code as the desk and the operator API manage it (extra and vanity promo codes). */
export interface ManagedCode {
  id: string
  code: string
  kind: 'link' | 'promo'
  programKey: string
  enrolmentId: string
  partnerId: string
  campaignKey?: string
  status: 'active' | 'suspended'
  /** The code's own rate (basis points): wins over the partner's where the program allows overrides. */
  rateOverrideBps?: number
  /** The code attributes events (and clicks) in [validFrom, validUntil) only. */
  validFrom?: Date
  validUntil?: Date
  createdAt: Date
}

export interface NewManagedCode {
  programKey: string
  enrolmentId: string
  code: string
  kind: 'link' | 'promo'
  rateOverrideBps?: number
  validFrom?: Date
  validUntil?: Date
  /** The request that issues it: the same key issues one code, however often it is sent. */
  issueKey?: string
  at: Date
}

/** The writes behind extra codes and their suspension, in one transaction (jobs announced with its commit). */
export interface CodeTx extends Announcer {
  /** The enrolment, locked so that two codes issued at once count against the limit one after the other. */
  lockEnrolmentOf(partnerId: string, programKey: string): Promise<Pick<EnrolmentRecord, 'id' | 'status'> | null>
  codes(enrolmentId: string): Promise<ManagedCode[]>
  byIssueKey(issueKey: string): Promise<ManagedCode | null>
  /** True when the code is taken: exactly anywhere, or regardless of case in the program. */
  taken(programKey: string, code: string): Promise<boolean>
  /** Throws DuplicateKeyError('code') when a concurrent insert took the code (or the issue key) first. */
  insertCode(c: NewManagedCode): Promise<ManagedCode>
  /** The program's code of that name regardless of case; locked (FOR NO KEY UPDATE) when `lock`. */
  lockCode(programKey: string, code: string, lock: boolean): Promise<ManagedCode | null>
  /** Compare-and-set of one code's status: false when it was not `from`. */
  /** `at`: when (the suspension's period starts or ends then, see core/domain/codes.ts suspendedAt). */
  setStatus(id: string, from: ManagedCode['status'], to: ManagedCode['status'], at: Date): Promise<boolean>
  /** A suspend_codes sanction in force on the enrolment (lifting it reinstates the codes, not a single click). */
  codesSanctioned(enrolmentId: string): Promise<boolean>
  audit(entry: AuditEntry): Promise<void>
}

export interface CodeStore {
  transaction<T>(fn: (tx: CodeTx) => Promise<T>): Promise<T>
  /** One code by id (a notice's subject). */
  byId(id: string): Promise<ManagedCode | null>
  /** A partner's codes in a program, oldest first. */
  ofPartner(partnerId: string, programKey?: string): Promise<ManagedCode[]>
  /** Whether the partner has an enrolment in the program (of any status). */
  enrolled(partnerId: string, programKey: string): Promise<boolean>
}
