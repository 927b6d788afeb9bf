import type { Prisma } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import { TIER_TOP_UP } from '../../domain/month-tiers.ts'
import type { LedgerTx } from '../../ports/ledger-store.ts'
import { enrolment, LOCK_ENROLMENTS } from './earnings-sql.ts'
import { monthShare, TIER_QUERIES } from './tier-sql.ts'

type Tx = Prisma.TransactionClient

/**
 * A month's volume tier (month-tiers.ts) in an operator's transaction: the partner's lock, taken as a postback takes
 * it, the month as the postbacks read it (the same statements), and a top-up written as theirs are.
 */
export function tierMonthTx(tx: Tx): Pick<LedgerTx, 'lockEnrolmentOfCommission' | 'tierMonth' | 'insertTierTopUp'> {
  return {
    async lockEnrolmentOfCommission(commissionId) {
      if (!UUID.test(commissionId)) return null
      const of = await tx.$queryRaw<{ enrolment_id: string }[]>`
        SELECT enrolment_id FROM commissions WHERE id = ${commissionId}::uuid`
      if (!of[0]) return null
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(LOCK_ENROLMENTS.text, [of[0].enrolment_id])
      return rows[0] ? enrolment(rows[0]) : null
    },
    async tierMonth(enrolmentId, from, to) {
      const [count] = await tx.$queryRawUnsafe<{ n: number }[]>(TIER_QUERIES.countNewUsers.text, enrolmentId, from, to)
      const shares = await tx.$queryRawUnsafe<Record<string, unknown>[]>(
        TIER_QUERIES.monthRevenueShares.text,
        enrolmentId,
        from,
        to,
      )
      return { newUsers: count!.n, shares: shares.map(monthShare) }
    },
    async insertTierTopUp(t) {
      const c = await tx.commission.create({
        data: {
          programKey: t.programKey,
          enrolmentId: t.enrolmentId,
          eventId: t.eventId,
          rule: TIER_TOP_UP,
          orderRef: t.orderRef,
          currency: t.currency,
          amountMinor: t.amountMinor,
          basisMinor: t.basisMinor,
          rateBps: t.rateBps,
          status: 'available',
          availableAt: t.availableAt,
          occurredAt: t.occurredAt,
          createdAt: t.at,
          updatedAt: t.at,
        },
        select: { id: true },
      })
      return c.id
    },
  }
}
