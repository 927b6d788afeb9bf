import type { Prisma } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import { UNSETTLED } from '../../domain/rules.ts'
import type { EnrolmentRecord } from '../../ports/earnings-store.ts'
import type { AuditEntry } from '../../ports/partner-store.ts'

/** Prisma rows -> the records ports speak (null becomes undefined). */
export const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)

/**
 * Commissions held for a person's review (the desk's queue, the partner card): not revenue waiting for its bets to
 * settle, which its settlement decides (core/domain/rules.ts UNSETTLED).
 */
export const HELD_FOR_REVIEW = {
  status: 'held',
  OR: [{ reason: null }, { reason: { not: UNSETTLED } }],
} satisfies Prisma.CommissionWhereInput

type EnrolmentRow = {
  id: string
  partnerId: string
  programKey: string
  status: EnrolmentRecord['status']
  registeredAt: Date
  rateOverrideBps: number | null
  ownAccountId: string | null
  endsAt?: Date | null
}

export const enrolmentRecord = (e: EnrolmentRow): EnrolmentRecord => ({
  id: e.id,
  partnerId: e.partnerId,
  programKey: e.programKey,
  status: e.status,
  registeredAt: e.registeredAt,
  rateOverrideBps: opt(e.rateOverrideBps),
  ownAccountId: opt(e.ownAccountId),
  endsAt: opt(e.endsAt ?? null),
})

/** One audit-log row, in the caller's transaction. */
export async function writeAudit(tx: Prisma.TransactionClient, a: AuditEntry) {
  await tx.auditLog.create({
    data: {
      at: a.at,
      actor: a.actor,
      action: a.action,
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      reason: a.reason,
      data: (a.data ?? {}) as Prisma.InputJsonValue,
    },
  })
}

/**
 * Locks a partner's enrolment in a program for this transaction and returns its id. NO KEY UPDATE: exclusive among
 * writers of earnings and payouts, yet compatible with the key-share locks of rows that reference it.
 */
export async function lockEnrolmentId(tx: Prisma.TransactionClient, partnerId: string, programKey: string) {
  if (!UUID.test(partnerId)) return null
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM enrolments WHERE partner_id = ${partnerId}::uuid AND program_key = ${programKey} FOR NO KEY UPDATE`
  return rows[0]?.id ?? null
}

/**
 * A partner's Idempotency-Key of one kind (payout, adjustment), locked for the transaction: two requests under it,
 * even for two programs, run one after the other, and the second finds the first. A transaction-level advisory lock
 * on a 64-bit hash of the key: it locks no row, so it cannot wait in a cycle with the enrolment locks taken after it.
 */
export async function lockPartnerKey(tx: Prisma.TransactionClient, kind: string, partnerId: string, key: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${kind}:${partnerId}:${key}`}, 0))`
}

/**
 * The customers that count as a partner's players (melbet's rule): qualified and not ineligible. The batch's check
 * and the statement's promised date count the same ones.
 */
export const qualifiedUsersOf = (enrolmentId: string) =>
  ({ enrolmentId, ineligible: null, qualifiedAt: { not: null } }) as const
