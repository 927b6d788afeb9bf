import type { PrismaClient } from '../../../generated/prisma/client.ts'
import type { BalanceRow, StatementReader } from '../../ports/statement-reader.ts'

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)

export function prismaStatementReader(prisma: PrismaClient): StatementReader {
  return {
    async partnerExists(partnerId) {
      if (!/^[0-9a-f-]{36}$/i.test(partnerId)) return false
      return (await prisma.partner.count({ where: { id: partnerId, erasedAt: null } })) > 0
    },
    async balances(partnerId, asOf, programKey) {
      const rows = await prisma.$queryRaw<
        {
          program_key: string
          currency: string
          pending: bigint
          held: bigint
          available: bigint
          paid: bigint
          reserved: bigint
          reversed: bigint
        }[]
      >`
        SELECT l.program_key, l.currency,
          COALESCE(SUM(l.amount_minor) FILTER (WHERE l.account = 'earnings' AND l.effective_at > ${asOf}), 0)::bigint AS pending,
          COALESCE(SUM(l.amount_minor) FILTER (WHERE l.account = 'held'), 0)::bigint AS held,
          COALESCE(SUM(l.amount_minor) FILTER (WHERE (l.account = 'earnings' AND l.effective_at <= ${asOf})
                                                 OR l.account = 'payout'), 0)::bigint AS available,
          COALESCE(-SUM(l.amount_minor) FILTER (WHERE l.account = 'payout' AND p.status = 'paid'), 0)::bigint AS paid,
          COALESCE(-SUM(l.amount_minor) FILTER (WHERE l.account = 'payout'
                                                  AND p.status IN ('requested', 'approved', 'needs_review')), 0)::bigint AS reserved,
          COALESCE(-SUM(l.amount_minor) FILTER (WHERE l.kind IN ('reversal', 'annulment', 'penalty')), 0)::bigint AS reversed
        FROM ledger_entries l
        JOIN enrolments e ON e.id = l.enrolment_id
        LEFT JOIN payout_requests p ON p.id = l.payout_id
        WHERE e.partner_id = ${partnerId}::uuid
          AND l.created_at <= ${asOf}
          AND (${programKey ?? null}::text IS NULL OR l.program_key = ${programKey ?? null})
        GROUP BY l.program_key, l.currency
        ORDER BY l.program_key, l.currency`
      return rows.map(
        (r): BalanceRow => ({
          programKey: r.program_key,
          currency: r.currency,
          pendingMinor: r.pending,
          heldMinor: r.held,
          availableMinor: r.available,
          paidMinor: r.paid,
          reservedMinor: r.reserved,
          reversedMinor: r.reversed,
        }),
      )
    },
    async entries(partnerId, from, to, programKey) {
      const rows = await prisma.ledgerEntry.findMany({
        where: { enrolment: { partnerId }, createdAt: { gte: from, lte: to }, ...(programKey ? { programKey } : {}) },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 5000,
      })
      return rows.map((e) => ({
        id: e.id.toString(),
        programKey: e.programKey,
        currency: e.currency,
        amountMinor: e.amountMinor,
        account: e.account,
        kind: e.kind,
        reason: opt(e.reason),
        commissionId: opt(e.commissionId),
        payoutId: opt(e.payoutId),
        effectiveAt: e.effectiveAt,
        createdAt: e.createdAt,
      }))
    },
  }
}
