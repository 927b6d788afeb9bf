import type { Announcer } from './jobs.ts'

export interface PartnerRecord {
  id: string
  name?: string
  telegramId?: bigint
  language: string
  legalType: 'individual' | 'company'
  country?: string
  createdAt: Date
}

export interface EnrolmentSummary {
  id: string
  programKey: string
  status: 'applied' | 'active' | 'blocked' | 'disqualified' | 'terminated' | 'declined'
  registeredAt: Date
}

export interface CodeSummary {
  id: string
  programKey: string
  code: string
  kind: 'link' | 'promo'
  campaignKey?: string
  status: 'active' | 'suspended'
  rateOverrideBps?: number
}

export interface AuditEntry {
  at: Date
  actor: string
  action: string
  subjectType: string
  subjectId: string
  reason?: string
  data?: Record<string, unknown>
}

/** Also announces jobs (the desk's card for an application) with the enrolment's commit. */
export interface PartnerTx extends Announcer {
  findPartner(id: string): Promise<PartnerRecord | null>
  findPartnerByTelegramId(telegramId: bigint): Promise<PartnerRecord | null>
  /** Throws DuplicateKeyError('partner') when the Telegram id was taken concurrently. */
  createPartner(p: Omit<PartnerRecord, 'id'>): Promise<PartnerRecord>
  /** The partner's enrolments, the partner row locked so concurrent enrolments serialise. */
  lockEnrolments(partnerId: string): Promise<EnrolmentSummary[]>
  createEnrolment(e: {
    partnerId: string
    programKey: string
    status: EnrolmentSummary['status']
    registeredAt: Date
    ownAccountId?: string
    acceptedTermsAt?: Date
    answers?: Record<string, string | boolean>
    at: Date
  }): Promise<EnrolmentSummary>
  /** Throws DuplicateKeyError('code') on a (vanishingly unlikely) code collision. */
  createCode(c: {
    programKey: string
    enrolmentId: string
    code: string
    kind: 'link' | 'promo'
    campaignKey?: string
    at: Date
  }): Promise<CodeSummary>
  codes(enrolmentId: string): Promise<CodeSummary[]>
  audit(entry: AuditEntry): Promise<void>
}

export interface PartnerStore {
  transaction<T>(fn: (tx: PartnerTx) => Promise<T>): Promise<T>
}
