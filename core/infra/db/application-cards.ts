import type { PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { PartnerLookupStore } from '../../ports/partner-lookup.ts'

/** The audit actions of an application's decision (core/use-cases/applications.ts), and the status each leads to. */
const DECISIONS = { 'application.approve': 'active', 'application.decline': 'declined' } as const

/**
 * Application cards in the disputes channel: where each was posted (on its enrolment, recorded once) and the
 * decision it shows, read from the audit log (who decided and when; by subject, indexed), so that the card is the
 * same whichever surface decided.
 */
export function applicationCards(
  prisma: PrismaClient,
): Pick<PartnerLookupStore, 'applicationCard' | 'setApplicationCard'> {
  return {
    async applicationCard(partnerId, programKey) {
      if (!UUID.test(partnerId)) return null
      const e = await prisma.enrolment.findUnique({
        where: { partnerId_programKey: { partnerId, programKey } },
        select: { status: true, slackChannel: true, slackTs: true },
      })
      if (!e) return null
      const audit = await prisma.auditLog.findFirst({
        where: {
          subjectType: 'partner',
          subjectId: partnerId,
          action: { in: Object.keys(DECISIONS) },
          data: { path: ['program'], equals: programKey },
        },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        select: { action: true, actor: true, at: true },
      })
      return {
        enrolmentStatus: e.status,
        ...(e.slackChannel && e.slackTs ? { card: { channel: e.slackChannel, ts: e.slackTs } } : {}),
        ...(audit
          ? {
              decision: {
                status: DECISIONS[audit.action as keyof typeof DECISIONS],
                actor: audit.actor,
                at: audit.at,
              },
            }
          : {}),
      }
    },

    async setApplicationCard(partnerId, programKey, card) {
      const r = await prisma.enrolment.updateMany({
        where: { partnerId, programKey, slackTs: null },
        data: { slackChannel: card.channel, slackTs: card.ts },
      })
      return r.count === 1
    },
  }
}
