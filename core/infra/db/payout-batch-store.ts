import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { BatchAsOf, BatchRecord, PayoutTx } from '../../ports/payout-store.ts'
import { availableSum } from './balances.ts'
import { batchRecord, type ChunkRow, candidate, PAYOUT_INCLUDE, payoutData, payoutRecord } from './payout-records.ts'

/** Pay-day batches in the payout store (payout-store.ts): what a batch pays, and the batch rows themselves. */

type Tx = Prisma.TransactionClient

/** A batch's payouts, oldest first. */
export async function batchPayouts(db: Tx | PrismaClient, batchId: string) {
  const rows = await db.payoutRequest.findMany({
    where: { batchId },
    include: PAYOUT_INCLUDE,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map(payoutRecord)
}

/** Requests waiting for a batch (PayoutStore.queuedPayouts): unbatched, made before `before` or due by `dueBy`. */
export async function queuedPayouts(db: Tx | PrismaClient, programKey: string, before: Date, dueBy?: Date) {
  const rows = await db.payoutRequest.findMany({
    where: {
      programKey,
      batchId: null,
      status: { in: ['requested', 'approved'] },
      OR: [{ createdAt: { lt: before } }, ...(dueBy ? [{ expectedAt: { lte: dueBy } }] : [])],
    },
    include: PAYOUT_INCLUDE,
    orderBy: { createdAt: 'asc' },
  })
  return rows.map(payoutRecord)
}

/**
 * What a weekly batch may pay of a balance: what was available at the period's end, less what has left it since (a
 * payout requested, a hold, a penalty after the week closed); money that became available since waits for its own
 * week.
 */
const payableSum = (l: string, asOf: BatchAsOf) =>
  Prisma.sql`LEAST(${availableSum(l, asOf.periodEnd)}, ${availableSum(l, asOf.now)})`

/** Everyone a program's batch could pay (a positive balance, see payableSum), with what deciding it needs. */
export async function batchCandidates(
  prisma: PrismaClient,
  programKey: string,
  asOf: BatchAsOf,
  methods: readonly string[],
) {
  // one aggregate for the whole program: balances as of the period end, players, latest details
  const rows = await prisma.$queryRaw<Omit<ChunkRow, 'paid'>[]>`
    WITH bal AS (
      SELECT l.enrolment_id, l.currency,
             ${payableSum('l', asOf)} AS available
      FROM ledger_entries l
      JOIN enrolments e ON e.id = l.enrolment_id
      WHERE e.program_key = ${programKey} AND e.status IN ('active', 'terminated') AND l.account = 'earned'
      GROUP BY l.enrolment_id, l.currency
    ), players AS (
      SELECT c.enrolment_id, count(*)::int AS n FROM customers c
      WHERE c.program_key = ${programKey} AND c.qualified_at IS NOT NULL AND c.ineligible IS NULL
      GROUP BY c.enrolment_id
    )
    SELECT e.id AS enrolment_id, e.partner_id, e.program_key, e.status::text AS status, e.registered_at,
           p.legal_type::text AS legal_type,
           e.payment_details_agreed, e.payout_hold_until, e.payout_hold_reason, e.payouts_blocked_reason, bal.currency, bal.available,
           COALESCE(players.n, 0) AS players, d.id AS details_id, d.method::text AS details_method, d.mask AS details_mask
    FROM bal
    JOIN enrolments e ON e.id = bal.enrolment_id
    JOIN partners p ON p.id = e.partner_id
    LEFT JOIN players ON players.enrolment_id = e.id
    LEFT JOIN LATERAL (
      SELECT id, method, mask FROM payment_details pd
      WHERE pd.partner_id = e.partner_id AND pd.revoked_at IS NULL AND pd.method::text = ANY(${[...methods]}::text[])
      ORDER BY pd.created_at DESC LIMIT 1) d ON true
    WHERE bal.available > 0
    ORDER BY e.id, bal.currency`
  return rows.map(candidate)
}

/**
 * The batch's partners in this chunk, their enrolments locked: what each can be paid (payableSum), its
 * players, its latest details in the program's methods, and whether its payout (by key) exists already.
 */
async function chunkState(
  tx: Tx,
  partners: Parameters<PayoutTx['chunkState']>[0],
  asOf: BatchAsOf,
  methods: readonly string[],
) {
  if (!partners.length) return []
  // locked first, read by the next statement: a statement that waited for a lock still reads the ledger as it was when
  // it began, without the payout a request made meanwhile reserved (the batch would pay that money again)
  await tx.$queryRaw`
    SELECT id FROM enrolments WHERE id = ANY(${partners.map((p) => p.enrolmentId)}::uuid[]) ORDER BY id
       FOR NO KEY UPDATE`
  const rows = await tx.$queryRaw<ChunkRow[]>`
    WITH wanted AS (
      SELECT * FROM unnest(${partners.map((p) => p.enrolmentId)}::uuid[], ${partners.map((p) => p.currency)}::text[],
                           ${partners.map((p) => p.key)}::text[]) AS w(enrolment_id, currency, key)
    ), locked AS (
      SELECT e.* FROM enrolments e WHERE e.id IN (SELECT enrolment_id FROM wanted)
    )
    SELECT l.id AS enrolment_id, l.partner_id, l.program_key, l.status::text AS status, l.registered_at,
           p.legal_type::text AS legal_type, l.payment_details_agreed, l.payout_hold_until, l.payout_hold_reason, l.payouts_blocked_reason,
           w.currency,
           (SELECT ${payableSum('le', asOf)} FROM ledger_entries le
             WHERE le.enrolment_id = l.id AND le.currency = w.currency AND le.account = 'earned') AS available,
           (SELECT count(*) FROM customers c
             WHERE c.enrolment_id = l.id AND c.qualified_at IS NOT NULL AND c.ineligible IS NULL)::int AS players,
           d.id AS details_id, d.method::text AS details_method, d.mask AS details_mask,
           EXISTS (SELECT 1 FROM payout_requests pr WHERE pr.enrolment_id = l.id AND pr.idempotency_key = w.key) AS paid
    FROM wanted w
    JOIN locked l ON l.id = w.enrolment_id
    JOIN partners p ON p.id = l.partner_id
    LEFT JOIN LATERAL (
      SELECT id, method, mask FROM payment_details pd
      WHERE pd.partner_id = l.partner_id AND pd.revoked_at IS NULL AND pd.method::text = ANY(${[...methods]}::text[])
      ORDER BY pd.created_at DESC LIMIT 1) d ON true`
  return rows.map((r) => ({ ...candidate(r), alreadyPaid: r.paid }))
}

/** Pay-day batches: created once per period, locked, filled chunk by chunk, notified and paid. */
export function batchTx(
  tx: Tx,
): Pick<
  PayoutTx,
  | 'lockPayDays'
  | 'batchOf'
  | 'queuedPayouts'
  | 'upsertBatch'
  | 'lockBatch'
  | 'batchPayouts'
  | 'markBatchNotified'
  | 'shareLockBatch'
  | 'chunkState'
  | 'insertPayouts'
  | 'setBatchStatus'
> {
  return {
    async lockPayDays(programKey, mode, at) {
      // the row exists from the first lock on (a pause creates it too)
      await tx.$executeRaw`
        INSERT INTO payout_program_state (program_key, updated_at) VALUES (${programKey}, ${at})
        ON CONFLICT (program_key) DO NOTHING`
      if (mode === 'share')
        await tx.$queryRaw`SELECT 1 FROM payout_program_state WHERE program_key = ${programKey} FOR SHARE`
      else await tx.$queryRaw`SELECT 1 FROM payout_program_state WHERE program_key = ${programKey} FOR UPDATE`
    },
    async batchOf(programKey, periodStart) {
      const b = await tx.payoutBatch.findUnique({ where: { programKey_periodStart: { programKey, periodStart } } })
      return b && batchRecord(b)
    },
    queuedPayouts: (programKey, before, dueBy) => queuedPayouts(tx, programKey, before, dueBy),
    async upsertBatch(b, at) {
      // a concurrent run may create it first: ON CONFLICT keeps this transaction alive (a caught unique violation
      // would abort it), and the row is read either way
      await tx.$executeRaw`
        INSERT INTO payout_batches (id, program_key, period_start, period_end, pay_date, status, created_at, updated_at)
        VALUES (gen_random_uuid(), ${b.programKey}, ${b.periodStart}, ${b.periodEnd}, ${b.payDate}, 'open', ${at}, ${at})
        ON CONFLICT (program_key, period_start) DO NOTHING`
      return batchRecord(
        await tx.payoutBatch.findUniqueOrThrow({
          where: { programKey_periodStart: { programKey: b.programKey, periodStart: b.periodStart } },
        }),
      )
    },
    async lockBatch(id) {
      if (!UUID.test(id)) return null
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payout_batches WHERE id = ${id}::uuid FOR UPDATE`
      if (!rows[0]) return null
      return batchRecord(await tx.payoutBatch.findUniqueOrThrow({ where: { id } }))
    },
    batchPayouts: (batchId) => batchPayouts(tx, batchId),
    async markBatchNotified(id, at) {
      await tx.payoutBatch.update({ where: { id }, data: { notifiedAt: at } })
    },
    async shareLockBatch(id) {
      const rows = await tx.$queryRaw<{ status: BatchRecord['status'] }[]>`
        SELECT status::text AS status FROM payout_batches WHERE id = ${id}::uuid FOR SHARE`
      return rows[0]?.status ?? null
    },
    chunkState: (partners, asOf, methods) => chunkState(tx, partners, asOf, methods),
    async insertPayouts(rows) {
      if (!rows.length) return []
      const inserted = await tx.payoutRequest.createManyAndReturn({
        data: rows.map((p) => ({ ...payoutData(p), id: p.id, response: p.response as Prisma.InputJsonValue })),
        skipDuplicates: true,
        select: { id: true },
      })
      return inserted.map((r) => r.id)
    },
    async setBatchStatus(id, from, to, ch) {
      const r = await tx.payoutBatch.updateMany({
        where: { id, status: { in: from } },
        data: { status: to, paymentRef: ch.paymentRef, paidAt: ch.paidAt, updatedAt: ch.at },
      })
      return r.count === 1
    },
  }
}
