import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { BatchRecord, PayoutStore, PayoutTx } from '../../ports/payout-store.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { availableSum, balances } from './balances.ts'
import {
  batchRecord,
  type ChunkRow,
  candidate,
  PAYOUT_INCLUDE,
  payoutData,
  payoutEnrolment,
  payoutRecord,
} from './payout-records.ts'
import { lockEnrolmentId, opt, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient

/** Available (earned, past its hold, less payouts), pending and held money of one enrolment and currency. */
async function balance(tx: Tx | PrismaClient, enrolmentId: string, currency: string, asOf: Date) {
  const [r] = await balances(tx, { enrolmentId, currency, asOf })
  return { availableMinor: r?.availableMinor ?? 0n, pendingMinor: r?.pendingMinor ?? 0n, heldMinor: r?.heldMinor ?? 0n }
}

async function batchPayouts(db: Tx | PrismaClient, batchId: string) {
  const rows = await db.payoutRequest.findMany({
    where: { batchId },
    include: PAYOUT_INCLUDE,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map(payoutRecord)
}

function payoutTx(tx: Tx, announce: Announce): PayoutTx {
  const lockedPayout = async (id: string) => {
    const p = await tx.payoutRequest.findUnique({ where: { id }, include: PAYOUT_INCLUDE })
    return p && payoutRecord(p)
  }
  return {
    announce,
    async lockEnrolmentOf(partnerId, programKey) {
      const id = await lockEnrolmentId(tx, partnerId, programKey)
      if (!id) return null
      return payoutEnrolment(
        await tx.enrolment.findUniqueOrThrow({
          where: { id },
          include: { partner: { select: { legalType: true } } },
        }),
      )
    },
    balance: (enrolmentId, currency, asOf) => balance(tx, enrolmentId, currency, asOf),
    async qualifiedUsers(enrolmentId) {
      return tx.customer.count({ where: { enrolmentId, ineligible: null, qualifiedAt: { not: null } } })
    },
    async findByKey(enrolmentId, idempotencyKey) {
      const p = await tx.payoutRequest.findUnique({
        where: { enrolmentId_idempotencyKey: { enrolmentId, idempotencyKey } },
        include: PAYOUT_INCLUDE,
      })
      return p && payoutRecord(p)
    },
    async currentDetails(partnerId, method) {
      const d = await tx.paymentDetails.findFirst({
        where: { partnerId, method, revokedAt: null },
        orderBy: { createdAt: 'desc' },
      })
      return d ? { id: d.id, method: d.method, mask: d.mask } : null
    },
    async forgetErasedDetails(payoutIds) {
      if (!payoutIds.length) return 0
      return tx.$executeRaw`
        UPDATE payment_details d SET ciphertext = ''::bytea, mask = ''
        FROM payout_requests p, partners pt
        WHERE p.id = ANY(${payoutIds}::uuid[]) AND d.id = p.details_id AND pt.id = d.partner_id
          AND pt.erased_at IS NOT NULL AND length(d.ciphertext) > 0
          AND NOT EXISTS (SELECT 1 FROM payout_requests o WHERE o.details_id = d.id AND o.status = 'approved')`
    },
    async lockPartner(partnerId) {
      if (!UUID.test(partnerId)) return false
      const [partner] = await tx.$queryRaw<{ erased: boolean }[]>`
        SELECT erased_at IS NOT NULL AS erased FROM partners WHERE id = ${partnerId}::uuid FOR NO KEY UPDATE`
      return partner?.erased === false
    },
    async saveDetails(d) {
      // an agreement with the manager covers the details agreed, not whatever comes next
      await tx.enrolment.updateMany({
        where: { partnerId: d.partnerId, paymentDetailsAgreed: true },
        data: { paymentDetailsAgreed: false, updatedAt: d.at },
      })
      await tx.paymentDetails.updateMany({
        where: { partnerId: d.partnerId, method: d.method, revokedAt: null },
        data: { revokedAt: d.at },
      })
      const row = await tx.paymentDetails.create({
        data: {
          partnerId: d.partnerId,
          method: d.method,
          keyId: d.keyId,
          ciphertext: new Uint8Array(d.ciphertext),
          mask: d.mask,
          createdAt: d.at,
        },
      })
      return { id: row.id, method: row.method, mask: row.mask }
    },
    async insertPayout(p) {
      const row = await tx.payoutRequest.create({
        data: payoutData(p),
        include: PAYOUT_INCLUDE,
      })
      return payoutRecord(row)
    },
    async setResponse(id, response) {
      await tx.payoutRequest.update({ where: { id }, data: { response: response as Prisma.InputJsonValue } })
    },
    async readPayout(id) {
      return UUID.test(id) ? lockedPayout(id) : null
    },
    async lockPayout(id) {
      if (!UUID.test(id)) return null
      const rows = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM payout_requests WHERE id = ${id}::uuid FOR UPDATE`
      return rows[0] ? lockedPayout(id) : null
    },
    async setStatus(id, from, to, ch) {
      const r = await tx.payoutRequest.updateMany({
        where: { id, status: { in: from }, ...(ch.unbatchedOnly ? { batchId: null } : {}) },
        data: {
          status: to,
          ...(ch.reason !== undefined ? { reason: ch.reason } : {}),
          ...(ch.paymentRef !== undefined ? { paymentRef: ch.paymentRef } : {}),
          ...(ch.paidAt !== undefined ? { paidAt: ch.paidAt } : {}),
          ...(ch.decidedBy !== undefined ? { decidedBy: ch.decidedBy } : {}),
          ...(ch.batchId !== undefined ? { batchId: ch.batchId } : {}),
          updatedAt: ch.at,
        },
      })
      return r.count === 1
    },
    async post(entries) {
      if (entries.length) await tx.ledgerEntry.createMany({ data: entries })
    },
    audit: (a) => writeAudit(tx, a),
    async setPayoutSettings(enrolmentId, st) {
      return payoutEnrolment(
        await tx.enrolment.update({
          where: { id: enrolmentId },
          data: {
            ...(st.detailsAgreed !== undefined ? { paymentDetailsAgreed: st.detailsAgreed } : {}),
            ...(st.hold !== undefined
              ? { payoutHoldUntil: st.hold?.until ?? null, payoutHoldReason: st.hold?.reason ?? null }
              : {}),
            updatedAt: st.at,
          },
          include: { partner: { select: { legalType: true } } },
        }),
      )
    },
    async movedDates(programKey) {
      const rows = await tx.payoutDateOverride.findMany({ where: { programKey } })
      return new Map(rows.map((r) => [r.scheduled, r.movedTo]))
    },
    async moveDate(m) {
      await tx.payoutDateOverride.upsert({
        where: { programKey_scheduled: { programKey: m.programKey, scheduled: m.scheduled } },
        create: {
          programKey: m.programKey,
          scheduled: m.scheduled,
          movedTo: m.movedTo,
          actor: m.actor,
          reason: m.reason,
          createdAt: m.at,
        },
        update: { movedTo: m.movedTo, actor: m.actor, reason: m.reason, createdAt: m.at },
      })
    },
    async pausedAt(programKey) {
      const s = await tx.payoutProgramState.findUnique({ where: { programKey } })
      return opt(s?.pausedAt ?? null)
    },
    async setPaused(programKey, paused, at) {
      const data = paused
        ? { pausedAt: at, pausedBy: paused.actor, pauseReason: paused.reason, updatedAt: at }
        : { pausedAt: null, pausedBy: null, pauseReason: null, updatedAt: at }
      await tx.payoutProgramState.upsert({ where: { programKey }, create: { programKey, ...data }, update: data })
    },
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
    async chunkState(partners, asOf, methods) {
      if (!partners.length) return []
      const rows = await tx.$queryRaw<ChunkRow[]>`
        WITH wanted AS (
          SELECT * FROM unnest(${partners.map((p) => p.enrolmentId)}::uuid[], ${partners.map((p) => p.currency)}::text[],
                               ${partners.map((p) => p.key)}::text[]) AS w(enrolment_id, currency, key)
        ), locked AS (
          SELECT e.* FROM enrolments e WHERE e.id IN (SELECT enrolment_id FROM wanted) ORDER BY e.id FOR NO KEY UPDATE
        )
        SELECT l.id AS enrolment_id, l.partner_id, l.program_key, l.status::text AS status, l.registered_at,
               p.legal_type::text AS legal_type, l.payment_details_agreed, l.payout_hold_until, l.payout_hold_reason,
               w.currency,
               (SELECT ${availableSum('le', asOf)} FROM ledger_entries le
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
    },
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

export function prismaPayoutStore(prisma: PrismaClient, onAnnounced?: () => void): PayoutStore {
  return {
    transaction: announcingTransactions(prisma, payoutTx, { timeout: 60_000, maxWait: 10_000 }, onAnnounced),
    async findBatch(programKey, periodStart) {
      const b = await prisma.payoutBatch.findUnique({ where: { programKey_periodStart: { programKey, periodStart } } })
      return b && batchRecord(b)
    },
    async batchCandidates(programKey, asOf, methods) {
      // one aggregate for the whole program: balances as of the period end, players, latest details
      const rows = await prisma.$queryRaw<Omit<ChunkRow, 'paid'>[]>`
        WITH bal AS (
          SELECT l.enrolment_id, l.currency,
                 ${availableSum('l', asOf)} AS available
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
               e.payment_details_agreed, e.payout_hold_until, e.payout_hold_reason, bal.currency, bal.available,
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
    },
    async queuedPayouts(programKey, before) {
      const rows = await prisma.payoutRequest.findMany({
        where: { programKey, batchId: null, status: { in: ['requested', 'approved'] }, createdAt: { lt: before } },
        include: PAYOUT_INCLUDE,
        orderBy: { createdAt: 'asc' },
      })
      return rows.map(payoutRecord)
    },
    batchPayouts: (batchId) => batchPayouts(prisma, batchId),
    async batches(programKey, limit) {
      const rows = await prisma.payoutBatch.findMany({
        where: programKey ? { programKey } : {},
        orderBy: { payDate: 'desc' },
        take: limit,
      })
      return rows.map(batchRecord)
    },
    async payout(id) {
      if (!UUID.test(id)) return null
      const p = await prisma.payoutRequest.findUnique({ where: { id }, include: PAYOUT_INCLUDE })
      return p && payoutRecord(p)
    },
    async payoutsOf(partnerId, programKey, limit) {
      if (!UUID.test(partnerId)) return []
      const rows = await prisma.payoutRequest.findMany({
        where: { enrolment: { partnerId }, ...(programKey ? { programKey } : {}) },
        include: PAYOUT_INCLUDE,
        orderBy: { createdAt: 'desc' },
        take: limit,
      })
      return rows.map(payoutRecord)
    },
    async detailsNotUnder(keyId, limit) {
      const rows = await prisma.paymentDetails.findMany({
        where: { keyId: { not: keyId } },
        select: { id: true, partnerId: true, keyId: true, ciphertext: true },
        orderBy: { id: 'asc' },
        take: limit,
      })
      return rows.map((r) => ({ ...r, ciphertext: Buffer.from(r.ciphertext) }))
    },
    async rewrapDetails(id, fromKeyId, keyId, ciphertext) {
      const r = await prisma.paymentDetails.updateMany({
        where: { id, keyId: fromKeyId },
        data: { keyId, ciphertext: new Uint8Array(ciphertext) },
      })
      return r.count === 1
    },
    async detailsOf(payoutId) {
      if (!UUID.test(payoutId)) return null
      const p = await prisma.payoutRequest.findUnique({ where: { id: payoutId }, include: { details: true } })
      if (!p?.details) return null
      return { keyId: p.details.keyId, ciphertext: Buffer.from(p.details.ciphertext), method: p.details.method }
    },
  }
}
