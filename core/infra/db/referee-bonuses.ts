import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { RefereeBonusRecord, RefereeBonusStatus, RefereeBonusStore } from '../../ports/referee-bonuses.ts'
import { opt, writeAudit } from './records.ts'

const bonusInclude = {
  customer: { select: { externalId: true } },
  event: { select: { externalId: true } },
  enrolment: { select: { partnerId: true, partner: { select: { name: true } } } },
} as const

const bonusRecord = (b: Prisma.RefereeBonusGetPayload<{ include: typeof bonusInclude }>): RefereeBonusRecord => ({
  id: b.id,
  programKey: b.programKey,
  customer: b.customer.externalId,
  event: b.event.externalId,
  amountMinor: b.amountMinor,
  currency: b.currency,
  status: b.status as RefereeBonusStatus,
  partnerId: b.enrolment.partnerId,
  partnerName: opt(b.enrolment.partner.name),
  createdAt: b.createdAt,
  grantedAt: opt(b.grantedAt),
  grantedBy: opt(b.grantedBy),
  voidedAt: opt(b.voidedAt),
  voidReason: opt(b.voidReason),
})

/** Referee bonuses on Prisma: written by postbacks (earnings-writes.ts), read and granted here. */
export function prismaRefereeBonusStore(prisma: PrismaClient): RefereeBonusStore {
  return {
    async list(q) {
      const rows = await prisma.refereeBonus.findMany({
        where: { programKey: q.programKey, ...(q.status ? { status: q.status } : {}) },
        include: bonusInclude,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: q.limit,
      })
      return rows.map(bonusRecord)
    },

    async find(id) {
      if (!UUID.test(id)) return null
      const b = await prisma.refereeBonus.findUnique({ where: { id }, include: bonusInclude })
      return b && bonusRecord(b)
    },

    async grant(id, d) {
      if (!UUID.test(id)) return null
      return prisma.$transaction(async (tx) => {
        const won = await tx.refereeBonus.updateMany({
          where: { id, status: 'owed' },
          data: { status: 'granted', grantedAt: d.at, grantedBy: d.actor },
        })
        if (won.count !== 1) return null
        const b = bonusRecord(await tx.refereeBonus.findUniqueOrThrow({ where: { id }, include: bonusInclude }))
        await writeAudit(tx, {
          at: d.at,
          actor: d.actor,
          action: 'referee_bonus.granted',
          subjectType: 'referee_bonus',
          subjectId: b.id,
          data: { program: b.programKey, customer: b.customer, partner: b.partnerId },
        })
        return b
      })
    },
  }
}
