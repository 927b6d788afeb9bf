import type { PrismaClient } from '../../../generated/prisma/client.ts'
import type { DeskCardRecord, PartnerDirectory } from '../../ports/partner-directory.ts'

/** Where the desk's cards that name a partner are (desk_cards): recorded when posted, read by an erasure's jobs. */
export function deskCards(prisma: PrismaClient): Pick<PartnerDirectory, 'recordDeskCard' | 'deskCard'> {
  return {
    async recordDeskCard(c) {
      await prisma.deskCard.createMany({
        data: [
          {
            ...{ kind: c.kind, subject: c.subject, partnerId: c.partnerId, programKey: c.programKey },
            ...{ channel: c.channel, ts: c.ts, createdAt: c.at },
          },
        ],
        skipDuplicates: true,
      })
    },
    async deskCard(kind, subject) {
      const c = await prisma.deskCard.findUnique({ where: { kind_subject: { kind, subject } } })
      return c && ({ ...c, kind: c.kind as DeskCardRecord['kind'], at: c.createdAt } satisfies DeskCardRecord)
    },
  }
}
