import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import { TIER_TOP_UP } from '../../domain/month-tiers.ts'
import { type PayoutStatus, RESERVED } from '../../domain/payouts.ts'
import type { CommissionRecord, LedgerStore, LedgerTx, OpenPayout } from '../../ports/ledger-store.ts'
import type { PartnerCode, PartnerDirectory } from '../../ports/partner-directory.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { adjustmentTx } from './adjustments.ts'
import {
  balances,
  commissionPenaltySql,
  commissionRefundedSql,
  commissionRemainingSql,
  DIGEST_KINDS_SQL,
  unsettledHoldSql,
} from './balances.ts'
import { suspensionsAfter } from './code-suspensions.ts'
import { deskCards } from './desk-cards.ts'
import { erasureTx } from './erasure-store.ts'
import { postEntries } from './ledger-postings.ts'
import { tierMonthTx } from './ledger-tier-months.ts'
import { enrolmentRecord, lockEnrolmentId, opt, writeAudit } from './records.ts'
import { resolveFlagIn } from './review-flags.ts'
import { sanctionInclude, sanctionRecord, sanctionTx } from './sanctions.ts'

type Tx = Prisma.TransactionClient

type CommissionRow = {
  id: string
  program_key: string
  enrolment_id: string
  partner_id: string
  event_id: string
  rule: string
  currency: string
  amount_minor: bigint
  status: CommissionRecord['status']
  reason: string | null
  occurred_at: Date
  available_at: Date | null
  remaining: bigint
  refunded: bigint
  penalty: bigint
  unsettled_hold: boolean
  settled_meanwhile: boolean
  restored_before: boolean
}

const commissionRecord = (r: CommissionRow): CommissionRecord => ({
  id: r.id,
  programKey: r.program_key,
  enrolmentId: r.enrolment_id,
  partnerId: r.partner_id,
  eventId: r.event_id,
  rule: r.rule,
  currency: r.currency,
  amountMinor: r.amount_minor,
  status: r.status,
  reason: opt(r.reason),
  occurredAt: r.occurred_at,
  availableAt: opt(r.available_at),
  remainingMinor: r.remaining,
  refundedMinor: r.refunded,
  penaltyMinor: r.penalty,
  awaitingSettlement: r.unsettled_hold && !r.settled_meanwhile,
  settledWhileRefused: r.unsettled_hold && r.settled_meanwhile,
  restoredBefore: r.restored_before,
})

/**
 * Its settlement arrived while it was refused (and was ignored then): a revenue event of its order, not marked
 * unsettled (a postback without `settled` is settled), from any customer of the same partner, as the order read
 * matches it. Looked for only for refused revenue shares; read with unsettled_hold (the restore's question).
 */
const SETTLED_MEANWHILE = `CASE WHEN c.status IN ('reversed', 'rejected', 'annulled') AND c.rule = 'revenue_share'
  THEN EXISTS (SELECT 1 FROM customers cu JOIN events se ON se.customer_id = cu.id
               WHERE cu.enrolment_id = c.enrolment_id AND se.order_ref = c.order_ref AND se.type = 'revenue'
                 AND se.id <> c.event_id AND (se.payload->'settled') IS DISTINCT FROM 'false'::jsonb)
  ELSE false END`

/** What suspended a code (the `suspended_by` column): a sanction, or the desk on its own; none known (an erasure). */
const suspender = (by: string | null): PartnerCode['suspendedBy'] =>
  by === 'sanction' || by === 'single' ? by : undefined

/** Commissions with what remains of them on the ledger; `where` is a trusted SQL fragment built below. */
function commissions(tx: Tx, filter: Prisma.Sql): Promise<CommissionRow[]> {
  return tx.$queryRaw<CommissionRow[]>`
    SELECT c.id, c.program_key, c.enrolment_id, en.partner_id, c.event_id, c.rule, c.currency, c.amount_minor,
           c.status::text AS status, c.reason, COALESCE(c.occurred_at, ev.occurred_at) AS occurred_at, c.available_at,
           ${Prisma.raw(commissionRemainingSql('c'))} AS remaining,
           ${Prisma.raw(commissionRefundedSql('c'))} AS refunded,
           ${Prisma.raw(commissionPenaltySql('c'))} AS penalty,
           ${Prisma.raw(unsettledHoldSql('c'))} AS unsettled_hold,
           ${Prisma.raw(SETTLED_MEANWHILE)} AS settled_meanwhile,
           EXISTS (SELECT 1 FROM ledger_entries le WHERE le.commission_id = c.id AND le.journal LIKE 'restore:%')
             AS restored_before
    FROM commissions c
    JOIN enrolments en ON en.id = c.enrolment_id
    JOIN events ev ON ev.id = c.event_id
    WHERE ${filter}
    ORDER BY c.created_at
    FOR NO KEY UPDATE OF c`
}

function ledgerTx(tx: Tx, announce: Announce): LedgerTx {
  return {
    announce,
    ...adjustmentTx(tx),
    ...sanctionTx(tx),
    ...tierMonthTx(tx),
    async lockEnrolmentOf(partnerId, programKey) {
      const id = await lockEnrolmentId(tx, partnerId, programKey)
      return id ? enrolmentRecord(await tx.enrolment.findUniqueOrThrow({ where: { id } })) : null
    },
    async setEnrolmentStatus(id, from, to, at) {
      const r = await tx.enrolment.updateMany({
        where: { id, status: { in: from } },
        data: { status: to, updatedAt: at },
      })
      return r.count === 1
    },
    async setAgreementEnd(id, endsAt, reason, at) {
      const r = await tx.enrolment.updateMany({
        where: { id, status: { in: ['applied', 'active', 'blocked'] } },
        data: { endsAt, endReason: reason, updatedAt: at },
      })
      return r.count === 1
    },
    async setCodesStatus(enrolmentId, status, at) {
      // a sanction suspends the active codes; its lift reinstates those only (a code suspended on its own stays)
      const on = status === 'suspended'
      return tx.$executeRaw`
        UPDATE referral_codes SET status = ${status}::"CodeStatus", suspended_by = ${on ? 'sanction' : null},
                                  suspensions = ${suspensionsAfter(status, at)}
        WHERE enrolment_id = ${enrolmentId}::uuid
          AND ${on ? Prisma.sql`status = 'active'` : Prisma.sql`suspended_by = 'sanction'`}`
    },
    async unpaidCommissions(enrolmentId) {
      const rows = await commissions(
        tx,
        Prisma.sql`c.enrolment_id = ${enrolmentId}::uuid AND c.status IN ('pending', 'held', 'available')`,
      )
      return rows.map(commissionRecord)
    },
    async lockCommission(id) {
      if (!UUID.test(id)) return null
      const [row] = await commissions(tx, Prisma.sql`c.id = ${id}::uuid`)
      return row ? commissionRecord(row) : null
    },
    async updateCommission(id, ch) {
      await tx.commission.update({
        where: { id },
        data: { status: ch.status, reason: ch.reason, availableAt: ch.availableAt, updatedAt: ch.at },
      })
    },
    post: (entries) => postEntries(tx, entries),
    audit: (a) => writeAudit(tx, a),
    async unpaidTotals(enrolmentId, asOf) {
      const rows = await balances(tx, { enrolmentId, asOf })
      return new Map(
        rows.map((r) => [
          r.currency,
          {
            earnedMinor: r.availableMinor + r.pendingMinor,
            heldMinor: r.heldMinor,
            paidOutMinor: r.paidMinor + r.reservedMinor,
          },
        ]),
      )
    },
    resolveFlag: async (id, d) => (await resolveFlagIn(tx, id, d)) !== null,
    async openPayouts(enrolmentId) {
      return tx.$queryRaw<OpenPayout[]>`
        SELECT id, program_key AS "programKey", currency, gross_minor AS "grossMinor", status::text AS status,
               batch_id AS "batchId"
        FROM payout_requests
        WHERE enrolment_id = ${enrolmentId}::uuid AND status::text = ANY(${RESERVED})
        ORDER BY created_at
        FOR UPDATE`
    },
    async setPayoutStatus(id, from, to, reason, at) {
      const r = await tx.payoutRequest.updateMany({
        where: { id, status: { in: from as PayoutStatus[] } },
        // a new reason: an earlier hold's note goes with it
        data: { status: to as PayoutStatus, reason, note: null, decidedBy: 'sanction', updatedAt: at },
      })
      return r.count === 1
    },
  }
}

export function prismaLedgerStore(prisma: PrismaClient, onAnnounced?: () => void): LedgerStore {
  return {
    transaction: announcingTransactions(prisma, ledgerTx, { timeout: 30_000, maxWait: 10_000 }, onAnnounced),
  }
}

/** A partner's digest news (PartnerDirectory.digest): per program and currency, a volume tier's top-ups apart. */
async function readDigest(prisma: PrismaClient, partnerId: string, upTo: bigint) {
  if (!UUID.test(partnerId)) return null
  const p = await prisma.partner.findUnique({
    where: { id: partnerId },
    select: { digestCursor: true, erasedAt: true },
  })
  if (!p || p.erasedAt) return null
  const rows = await prisma.$queryRaw<
    {
      program_key: string
      currency: string
      earned: bigint
      commissions: number
      loss: bigint
      reversed: bigint
      tier_bps: number | null
      tier_month: Date | null
      topped_up: bigint
    }[]
  >`
      WITH news AS (
        SELECT l.program_key, l.currency, l.kind, l.amount_minor,
               (c.rule IS NOT DISTINCT FROM ${TIER_TOP_UP}) AS top_up, c.rate_bps, c.occurred_at
        FROM ledger_entries l JOIN enrolments e ON e.id = l.enrolment_id
        LEFT JOIN commissions c ON c.id = l.commission_id AND l.kind = 'commission'
        WHERE e.partner_id = ${partnerId}::uuid AND l.account = 'earned'
          AND l.id > ${p.digestCursor} AND l.id <= ${upTo}
          AND l.kind IN (${Prisma.raw(DIGEST_KINDS_SQL)})
      )
      SELECT program_key, currency,
             COALESCE(SUM(amount_minor) FILTER (WHERE kind = 'commission' AND NOT top_up AND amount_minor > 0), 0)::bigint AS earned,
             (COUNT(*) FILTER (WHERE kind = 'commission' AND NOT top_up AND amount_minor > 0))::int AS commissions,
             COALESCE(-SUM(amount_minor) FILTER (WHERE kind = 'commission' AND NOT top_up AND amount_minor < 0), 0)::bigint AS loss,
             COALESCE(-SUM(amount_minor) FILTER (WHERE kind IN ('reversal', 'annulment', 'penalty')), 0)::bigint AS reversed,
             MAX(rate_bps) FILTER (WHERE top_up) AS tier_bps,
             MAX(occurred_at) FILTER (WHERE top_up) AS tier_month,
             COALESCE(SUM(amount_minor) FILTER (WHERE top_up), 0)::bigint AS topped_up
      FROM news
      GROUP BY program_key, currency
      ORDER BY program_key, currency`
  return {
    cursor: p.digestCursor,
    lines: rows.map((r) => ({
      programKey: r.program_key,
      currency: r.currency,
      earnedMinor: r.earned,
      commissions: r.commissions,
      lossMinor: r.loss,
      reversedMinor: r.reversed,
      ...(r.tier_bps !== null && r.tier_month
        ? { tier: { rateBps: r.tier_bps, month: r.tier_month, toppedUpMinor: r.topped_up } }
        : {}),
    })),
  }
}

export function prismaPartnerDirectory(prisma: PrismaClient, onAnnounced?: () => void): PartnerDirectory {
  return {
    async contact(partnerId) {
      if (!UUID.test(partnerId)) return null
      const p = await prisma.partner.findUnique({ where: { id: partnerId } })
      if (!p || p.erasedAt) return null
      return { partnerId: p.id, telegramId: opt(p.telegramId), language: p.language }
    },
    erasure: announcingTransactions(prisma, erasureTx, { timeout: 30_000, maxWait: 10_000 }, onAnnounced),
    ...deskCards(prisma),
    async digestDue(limit) {
      return prisma.$queryRaw<{ partnerId: string; upTo: bigint }[]>`
        SELECT p.id AS "partnerId", MAX(l.id) AS "upTo"
        FROM partners p
        JOIN enrolments e ON e.partner_id = p.id
        JOIN ledger_entries l ON l.enrolment_id = e.id AND l.id > p.digest_cursor
        WHERE p.telegram_id IS NOT NULL AND p.erased_at IS NULL AND l.account = 'earned'
          AND l.kind IN (${Prisma.raw(DIGEST_KINDS_SQL)})
        GROUP BY p.id
        ORDER BY p.id
        LIMIT ${limit}`
    },
    digest: (partnerId, upTo) => readDigest(prisma, partnerId, upTo),
    async markDigested(partnerId, from, upTo) {
      const r = await prisma.partner.updateMany({
        where: { id: partnerId, digestCursor: from },
        data: { digestCursor: upTo },
      })
      return r.count === 1
    },
    async setTelegramUsername(partnerId, username, at) {
      if (!UUID.test(partnerId)) return
      await prisma.partner.updateMany({
        where: { id: partnerId, erasedAt: null },
        data: { telegramUsername: username, updatedAt: at },
      })
    },
    async setLanguage(partnerId, language, at) {
      if (!UUID.test(partnerId)) return
      await prisma.partner.update({ where: { id: partnerId }, data: { language, updatedAt: at } })
    },
    async codes(partnerId) {
      if (!UUID.test(partnerId)) return []
      const rows = await prisma.referralCode.findMany({
        where: { enrolment: { partnerId } },
        include: { campaign: { select: { key: true } } },
        orderBy: [{ programKey: 'asc' }, { createdAt: 'asc' }],
      })
      return rows.map((c) => ({
        programKey: c.programKey,
        code: c.code,
        kind: c.kind,
        campaignKey: c.campaign?.key,
        status: c.status,
        suspendedBy: c.status === 'suspended' ? suspender(c.suspendedBy) : undefined,
        rateOverrideBps: c.rateOverrideBps ?? undefined,
        validFrom: c.validFrom ?? undefined,
        validUntil: c.validUntil ?? undefined,
      }))
    },
    async byTelegram(telegramId) {
      const p = await prisma.partner.findUnique({
        where: { telegramId },
        include: {
          enrolments: {
            select: { programKey: true, status: true, acceptedTermsAt: true, endReason: true },
            orderBy: { createdAt: 'asc' },
          },
        },
      })
      if (!p || p.erasedAt) return null
      return {
        partnerId: p.id,
        name: p.name ?? undefined,
        language: p.language,
        legalType: p.legalType,
        telegramUsername: p.telegramUsername ?? undefined,
        enrolments: p.enrolments,
      }
    },
    async sanction(id) {
      if (!UUID.test(id)) return null
      const s = await prisma.sanction.findUnique({ where: { id }, include: sanctionInclude })
      return s && sanctionRecord(s)
    },
    async activeSanctions(partnerId, programKey, now) {
      const rows = await prisma.sanction.findMany({
        where: {
          enrolment: { partnerId, programKey },
          liftedAt: null,
          OR: [{ endsAt: null }, { endsAt: { gt: now } }],
        },
        include: sanctionInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })
      return rows.map(sanctionRecord)
    },
  }
}
