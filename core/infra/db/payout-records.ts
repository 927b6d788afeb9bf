import type { Prisma } from '../../../generated/prisma/client.ts'
import type { PayoutMethod } from '../../domain/payouts.ts'
import type { BatchCandidate, BatchRecord, NewPayout, PayoutEnrolment, PayoutRecord } from '../../ports/payout-store.ts'
import { enrolmentRecord, opt } from './records.ts'

/** Rows of the payout tables as the payout store's records, and back. */

export const PAYOUT_INCLUDE = {
  enrolment: { select: { partnerId: true } },
  details: { select: { mask: true } },
} as const
export type PayoutRow = Prisma.PayoutRequestGetPayload<{ include: typeof PAYOUT_INCLUDE }>

export const payoutRecord = (p: PayoutRow): PayoutRecord => ({
  id: p.id,
  programKey: p.programKey,
  enrolmentId: p.enrolmentId,
  partnerId: p.enrolment.partnerId,
  idempotencyKey: p.idempotencyKey,
  requestHash: p.requestHash,
  currency: p.currency,
  method: p.method,
  grossMinor: p.grossMinor,
  feeMinor: p.feeMinor,
  taxMinor: p.taxMinor,
  netMinor: p.netMinor,
  creditMinor: opt(p.creditMinor),
  status: p.status,
  reason: opt(p.reason),
  note: opt(p.note),
  detailsMask: p.details?.mask,
  batchId: opt(p.batchId),
  expectedAt: opt(p.expectedAt),
  paidAt: opt(p.paidAt),
  paymentRef: opt(p.paymentRef),
  decidedBy: opt(p.decidedBy),
  response: p.response ?? undefined,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
})

export type EnrolmentWithPartner = Prisma.EnrolmentGetPayload<{ include: { partner: { select: { legalType: true } } } }>
export const payoutEnrolment = (e: EnrolmentWithPartner): PayoutEnrolment => ({
  ...enrolmentRecord(e),
  legalType: e.partner.legalType,
  paymentDetailsAgreed: e.paymentDetailsAgreed,
  payoutHoldUntil: opt(e.payoutHoldUntil),
  payoutHoldReason: opt(e.payoutHoldReason),
  payoutHoldSince: opt(e.payoutHoldSince),
  payoutsBlockedReason: opt(e.payoutsBlockedReason),
})

export const batchRecord = (b: Prisma.PayoutBatchGetPayload<object>): BatchRecord => ({
  id: b.id,
  programKey: b.programKey,
  periodStart: b.periodStart,
  periodEnd: b.periodEnd,
  payDate: b.payDate,
  status: b.status,
  paidAt: opt(b.paidAt),
  paymentRef: opt(b.paymentRef),
  notifiedAt: opt(b.notifiedAt),
})

/** A new payout as its table row (what insertPayout and the batch's multi-row insert both write). */
export const payoutData = (p: NewPayout) => ({
  programKey: p.programKey,
  enrolmentId: p.enrolmentId,
  idempotencyKey: p.idempotencyKey,
  requestHash: p.requestHash,
  currency: p.currency,
  method: p.method,
  grossMinor: p.grossMinor,
  feeMinor: p.feeMinor,
  taxMinor: p.taxMinor,
  netMinor: p.netMinor,
  creditMinor: p.creditMinor,
  status: p.status,
  reason: p.reason,
  detailsId: p.detailsId,
  batchId: p.batchId,
  expectedAt: p.expectedAt,
  decidedBy: p.decidedBy,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
})

export type ChunkRow = {
  enrolment_id: string
  partner_id: string
  program_key: string
  status: PayoutEnrolment['status']
  registered_at: Date
  legal_type: 'individual' | 'company'
  payment_details_agreed: boolean
  payout_hold_until: Date | null
  payout_hold_reason: string | null
  payouts_blocked_reason: string | null
  currency: string
  available: bigint
  players: number
  details_id: string | null
  details_method: PayoutMethod | null
  details_mask: string | null
  paid: boolean
}

export const candidate = (r: Omit<ChunkRow, 'paid'>): BatchCandidate => ({
  enrolment: {
    id: r.enrolment_id,
    partnerId: r.partner_id,
    programKey: r.program_key,
    status: r.status,
    registeredAt: r.registered_at,
    legalType: r.legal_type,
    paymentDetailsAgreed: r.payment_details_agreed,
    payoutHoldUntil: opt(r.payout_hold_until),
    payoutHoldReason: opt(r.payout_hold_reason),
    payoutsBlockedReason: opt(r.payouts_blocked_reason),
  },
  currency: r.currency,
  availableMinor: r.available,
  qualifiedUsers: r.players,
  details: r.details_id ? { id: r.details_id, method: r.details_method!, mask: r.details_mask! } : undefined,
})
