import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import type { DealRecord } from '../../domain/deals.ts'
import { UUID } from '../../domain/ids.ts'
import type { DealStore, DealTx } from '../../ports/deal-store.ts'
import type { CommissionRule } from '../../programs/definition.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { enrolmentRecord, lockEnrolmentId, opt, writeAudit } from './records.ts'

type Client = Pick<PrismaClient, 'partnerDeal'>
type Row = {
  id: string
  enrolmentId: string
  commission: unknown
  validFrom: Date
  validUntil: Date | null
  note: string
  actor: string
  createdAt: Date
}

const dealRecord = (r: Row): DealRecord => ({
  id: r.id,
  enrolmentId: r.enrolmentId,
  // written only after the definition's schema accepted it (core/domain/deals.ts dealCommission)
  commission: r.commission as CommissionRule,
  from: r.validFrom,
  until: opt(r.validUntil),
  note: r.note,
  actor: r.actor,
  createdAt: r.createdAt,
})

const dealsOfEnrolment = async (db: Client, enrolmentId: string) =>
  (
    await db.partnerDeal.findMany({ where: { enrolmentId }, orderBy: [{ validFrom: 'asc' }, { createdAt: 'asc' }] })
  ).map(dealRecord)

function dealTx(tx: Prisma.TransactionClient, announce: Announce): DealTx {
  return {
    announce,
    async lockEnrolmentOf(partnerId, programKey) {
      const id = await lockEnrolmentId(tx, partnerId, programKey)
      return id ? enrolmentRecord(await tx.enrolment.findUniqueOrThrow({ where: { id } })) : null
    },
    deals: (enrolmentId) => dealsOfEnrolment(tx, enrolmentId),
    async insertDeal(d) {
      const row = await tx.partnerDeal.create({
        data: {
          enrolmentId: d.enrolmentId,
          commission: d.commission as object,
          validFrom: d.from,
          validUntil: d.until ?? null,
          note: d.note,
          actor: d.actor,
          createdAt: d.createdAt,
        },
      })
      return dealRecord(row)
    },
    async endDeal(id, until) {
      await tx.partnerDeal.update({ where: { id }, data: { validUntil: until } })
    },
    audit: (a) => writeAudit(tx, a),
  }
}

export function prismaDealStore(prisma: PrismaClient, onAnnounced?: () => void): DealStore {
  return {
    transaction: announcingTransactions(prisma, dealTx, { timeout: 30_000, maxWait: 10_000 }, onAnnounced),
    async dealsOf(partnerId, programKey) {
      if (!UUID.test(partnerId)) return null
      const e = await prisma.enrolment.findUnique({
        where: { partnerId_programKey: { partnerId, programKey } },
        select: { id: true, status: true },
      })
      return e ? { enrolmentId: e.id, status: e.status, deals: await dealsOfEnrolment(prisma, e.id) } : null
    },
    async deal(id) {
      if (!UUID.test(id)) return null
      const r = await prisma.partnerDeal.findUnique({
        where: { id },
        include: { enrolment: { select: { partnerId: true, programKey: true } } },
      })
      return r && { ...dealRecord(r), partnerId: r.enrolment.partnerId, programKey: r.enrolment.programKey }
    },
    async earnedBetween(enrolmentId, from, to) {
      const rows = await prisma.commission.findMany({
        where: {
          enrolmentId,
          status: { notIn: ['rejected'] },
          event: { occurredAt: { gte: from, lt: to } },
        },
        select: {
          rule: true,
          currency: true,
          amountMinor: true,
          basisMinor: true,
          rateBps: true,
          event: { select: { occurredAt: true } },
        },
        orderBy: { createdAt: 'asc' },
      })
      return rows.map((r) => ({
        rule: r.rule,
        currency: r.currency,
        amountMinor: r.amountMinor,
        basisMinor: opt(r.basisMinor),
        rateBps: opt(r.rateBps),
        occurredAt: r.event.occurredAt,
      }))
    },
  }
}
