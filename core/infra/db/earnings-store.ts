import { randomUUID } from 'node:crypto'
import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import type { OrderCommission } from '../../domain/rules.ts'
import {
  type CustomerRecord,
  DuplicateKeyError,
  type EarningsStore,
  type EarningsTx,
  TransactionConflictError,
} from '../../ports/earnings-store.ts'
import { isTransactionConflict, isUniqueViolation } from './prisma-errors.ts'
import { CODE_INCLUDE, codeRecord, enrolmentRecord, opt } from './records.ts'

type Tx = Prisma.TransactionClient

type CustomerRow = {
  id: string
  enrolment_id: string | null
  code_id: string | null
  ineligible: string | null
  seen_types: string[]
  qualified_at: Date | null
  first_paid_at: Date | null
  acquired_rate_bps: number | null
  ip_hash: string | null
}
const customerRecord = (c: CustomerRow): CustomerRecord => ({
  id: c.id,
  enrolmentId: opt(c.enrolment_id),
  codeId: opt(c.code_id),
  ineligible: opt(c.ineligible),
  seenTypes: c.seen_types,
  qualifiedAt: opt(c.qualified_at),
  firstPaidAt: opt(c.first_paid_at),
  acquiredRateBps: opt(c.acquired_rate_bps),
  ipHash: opt(c.ip_hash),
})

function earningsTx(tx: Tx): EarningsTx {
  return {
    async insertEvent(e) {
      try {
        const row = await tx.event.create({
          data: {
            programKey: e.programKey,
            externalId: e.externalId,
            type: e.type,
            occurredAt: e.occurredAt,
            receivedAt: e.receivedAt,
            orderRef: e.orderRef,
            amountMinor: e.amountMinor,
            currency: e.currency,
            campaignKey: e.campaignKey,
            ipHash: e.ipHash,
            country: e.country,
            bodyHash: e.bodyHash,
            payload: e.payload as Prisma.InputJsonValue,
          },
          select: { id: true },
        })
        return row.id
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateKeyError('event')
        throw err
      }
    },
    async finishEvent(eventId, customerId, response) {
      await tx.event.update({
        where: { id: eventId },
        data: { customerId, response: response as Prisma.InputJsonValue },
      })
    },
    async findCode(code) {
      const c = await tx.referralCode.findUnique({ where: { code }, include: CODE_INCLUDE })
      return c && codeRecord(c)
    },
    async lockCustomer(programKey, externalId, init) {
      const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO customers (id, program_key, external_id, enrolment_id, code_id, attributed_at,
                               signed_up_via_link, ineligible, ip_hash, created_at)
        VALUES (${randomUUID()}::uuid, ${programKey}, ${externalId}, ${init.enrolmentId ?? null}::uuid,
                ${init.codeId ?? null}::uuid, ${init.enrolmentId ? init.at : null}, ${Boolean(init.codeId)},
                ${init.ineligible ?? null}, ${init.ipHash ?? null}, ${init.at})
        ON CONFLICT (program_key, external_id) DO NOTHING
        RETURNING id`
      const rows = await tx.$queryRaw<CustomerRow[]>`
        SELECT id, enrolment_id, code_id, ineligible, seen_types, qualified_at, first_paid_at, acquired_rate_bps, ip_hash
        FROM customers WHERE program_key = ${programKey} AND external_id = ${externalId} FOR NO KEY UPDATE`
      const row = rows[0]
      if (!row) throw new DuplicateKeyError('customer') // inserted and gone: a concurrent rollback; run again
      return { customer: customerRecord(row), created: inserted.length > 0 }
    },
    async updateCustomer(id, ch) {
      await tx.customer.update({
        where: { id },
        data: {
          enrolmentId: ch.enrolmentId,
          codeId: ch.codeId,
          ineligible: ch.ineligible,
          seenTypes: ch.seenTypes,
          qualifiedAt: ch.qualifiedAt,
          firstPaidAt: ch.firstPaidAt,
          acquiredRateBps: ch.acquiredRateBps,
        },
      })
    },
    async lockEnrolment(id) {
      // NO KEY UPDATE: exclusive among event writers, yet compatible with the KEY SHARE locks that inserting
      // rows referencing the enrolment takes, so two first events of one partner cannot deadlock.
      await tx.$queryRaw`SELECT id FROM enrolments WHERE id = ${id}::uuid FOR NO KEY UPDATE`
      return enrolmentRecord(await tx.enrolment.findUniqueOrThrow({ where: { id } }))
    },
    countPayingCustomers: (enrolmentId) =>
      tx.customer.count({ where: { enrolmentId, firstPaidAt: { not: null }, ineligible: null } }),
    countNewUsers: (enrolmentId, from, to) =>
      tx.customer.count({ where: { enrolmentId, ineligible: null, qualifiedAt: { gte: from, lt: to } } }),
    async ipUsedByOtherCustomer(programKey, ipHash, customerId) {
      const n = await tx.event.count({
        where: { programKey, ipHash, customerId: { not: null }, NOT: customerId ? { customerId } : undefined },
      })
      return n > 0
    },
    async ipUsedInCampaign(programKey, campaignKey, ipHash, exceptEventId) {
      const n = await tx.event.count({ where: { programKey, campaignKey, ipHash, id: { not: exceptEventId } } })
      return n > 0
    },
    async orderCommissions(programKey, orderRef) {
      const rows = await tx.$queryRaw<
        {
          id: string
          rule: string
          status: OrderCommission['status']
          currency: string
          basis_minor: bigint | null
          rate_bps: number | null
          occurred_at: Date
          available_at: Date | null
          remaining: bigint | null
        }[]
      >`
        SELECT c.id, c.rule, c.status::text AS status, c.currency, c.basis_minor, c.rate_bps, e.occurred_at,
               c.available_at,
               (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger_entries l
                 WHERE l.commission_id = c.id AND l.account IN ('earnings', 'held') AND l.kind <> 'penalty')::bigint AS remaining
        FROM commissions c JOIN events e ON e.id = c.event_id
        WHERE c.program_key = ${programKey} AND c.order_ref = ${orderRef}
        ORDER BY e.occurred_at
        FOR NO KEY UPDATE OF c`
      return rows.map((r) => ({
        id: r.id,
        rule: r.rule,
        status: r.status,
        remainingMinor: r.remaining ?? 0n,
        basisMinor: opt(r.basis_minor),
        rateBps: opt(r.rate_bps),
        currency: r.currency,
        occurredAt: r.occurred_at,
        availableAt: opt(r.available_at),
      }))
    },
    async insertCommission(c) {
      try {
        const row = await tx.commission.create({
          data: {
            programKey: c.programKey,
            enrolmentId: c.enrolmentId,
            customerId: c.customerId,
            eventId: c.eventId,
            rule: c.rule,
            orderRef: c.orderRef,
            currency: c.currency,
            amountMinor: c.amountMinor,
            basisMinor: c.basisMinor,
            rateBps: c.rateBps,
            status: c.status,
            reason: c.reason,
            availableAt: c.availableAt,
            createdAt: c.at,
            updatedAt: c.at,
          },
          select: { id: true },
        })
        return row.id
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateKeyError('commission')
        throw err
      }
    },
    async updateCommission(id, ch) {
      await tx.commission.update({
        where: { id },
        data: {
          status: ch.status as Prisma.CommissionUpdateInput['status'],
          amountMinor: ch.amountMinor,
          availableAt: ch.availableAt,
          reason: ch.reason,
          updatedAt: ch.at,
        },
      })
    },
    async post(entries) {
      await tx.ledgerEntry.createMany({ data: entries })
    },
  }
}

/** EarningsStore on Prisma: one interactive transaction per postback. */
export function prismaEarningsStore(prisma: PrismaClient): EarningsStore {
  return {
    async findEvent(programKey, externalId) {
      const e = await prisma.event.findUnique({
        where: { programKey_externalId: { programKey, externalId } },
        select: { id: true, bodyHash: true, response: true },
      })
      return e && { id: e.id, bodyHash: e.bodyHash, response: e.response }
    },
    async transaction(fn) {
      try {
        return await prisma.$transaction((tx) => fn(earningsTx(tx)), { timeout: 15_000, maxWait: 10_000 })
      } catch (e) {
        if (isTransactionConflict(e)) throw new TransactionConflictError(e)
        throw e
      }
    },
  }
}
