import type { PayoutStatus, PrismaClient } from '../../../generated/prisma/client.ts'
import { PARTNER_ACCOUNTS, type PartnerAccount } from '../../domain/ledger.ts'
import type { PayoutMethod } from '../../domain/payouts.ts'
import type { BalanceRow, StatementReader } from '../../ports/statement-reader.ts'
import { accountBalances, balances } from './balances.ts'
import { qualifiedUsersOf } from './records.ts'

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)

async function partnerExists(prisma: PrismaClient, partnerId: string, programKey?: string) {
  if (!/^[0-9a-f-]{36}$/i.test(partnerId)) return false
  const enrolled = programKey ? { enrolments: { some: { programKey } } } : {}
  return (await prisma.partner.count({ where: { id: partnerId, erasedAt: null, ...enrolled } })) > 0
}

/** The partner's payouts in these statuses, oldest first: amount, why (a review's reason) and the date expected. */
async function openPayouts(prisma: PrismaClient, partnerId: string, statuses: PayoutStatus[]) {
  const rows = await prisma.payoutRequest.findMany({
    where: { enrolment: { partnerId }, status: { in: statuses } },
    select: { programKey: true, currency: true, grossMinor: true, reason: true, expectedAt: true },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map((r) => ({ ...r, reason: opt(r.reason), expectedAt: opt(r.expectedAt) }))
}

export function prismaStatementReader(prisma: PrismaClient): StatementReader {
  return {
    partnerExists: (partnerId, programKey) => partnerExists(prisma, partnerId, programKey),
    async balances(partnerId, asOf, programKey) {
      const rows = await balances(prisma, { partnerId, programKey, asOf, recordedBy: asOf })
      return rows.map(
        (r): BalanceRow => ({
          programKey: r.programKey,
          currency: r.currency,
          pendingMinor: r.pendingMinor,
          heldMinor: r.heldMinor,
          availableMinor: r.availableMinor,
          paidMinor: r.paidMinor,
          reservedMinor: r.reservedMinor,
          reversedMinor: r.reversedMinor,
        }),
      )
    },
    async payDays(programKey, asOf) {
      const [moved, state] = await Promise.all([
        prisma.payoutDateOverride.findMany({ where: { programKey }, select: { scheduled: true, movedTo: true } }),
        prisma.payoutProgramState.findUnique({ where: { programKey }, select: { pausedAt: true } }),
      ])
      return {
        moved: new Map(moved.map((m) => [m.scheduled, m.movedTo])),
        paused: !!state?.pausedAt && state.pausedAt <= asOf,
      }
    },
    async batchBuilt(programKey, periodStart, asOf) {
      const n = await prisma.payoutBatch.count({ where: { programKey, periodStart, createdAt: { lte: asOf } } })
      return n > 0
    },
    payoutsInReview: (partnerId) => openPayouts(prisma, partnerId, ['needs_review']),
    payoutsUnderWay: (partnerId) => openPayouts(prisma, partnerId, ['requested', 'approved']),
    async payoutStanding(partnerId, programKey, methods) {
      const e = await prisma.enrolment.findFirst({
        where: { partnerId, programKey },
        select: {
          id: true,
          status: true,
          paymentDetailsAgreed: true,
          payoutHoldUntil: true,
          payoutHoldReason: true,
          payoutsBlockedReason: true,
        },
      })
      if (!e) return null
      const [players, details] = await Promise.all([
        prisma.customer.count({ where: qualifiedUsersOf(e.id) }),
        prisma.paymentDetails.count({
          where: { partnerId, revokedAt: null, method: { in: methods as PayoutMethod[] } },
        }),
      ])
      return {
        status: e.status,
        paymentDetailsAgreed: e.paymentDetailsAgreed,
        payoutHoldUntil: opt(e.payoutHoldUntil),
        payoutHoldReason: opt(e.payoutHoldReason),
        payoutsBlockedReason: opt(e.payoutsBlockedReason),
        players,
        detailsOnFile: details > 0,
      }
    },
    accountBalances: (programKey, currency, at) => accountBalances(prisma, programKey, currency, at),
    async entries(partnerId, from, to, programKey) {
      const rows = await prisma.ledgerEntry.findMany({
        where: {
          enrolment: { partnerId },
          account: { in: [...PARTNER_ACCOUNTS] },
          createdAt: { gte: from, lte: to },
          ...(programKey ? { programKey } : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 5000,
        include: { commission: { select: { occurredAt: true, event: { select: { occurredAt: true } } } } },
      })
      return rows.map((e) => ({
        id: e.id.toString(),
        programKey: e.programKey,
        currency: e.currency,
        amountMinor: e.amountMinor,
        account: e.account as PartnerAccount,
        kind: e.kind,
        reason: opt(e.reason),
        commissionId: opt(e.commissionId),
        payoutId: opt(e.payoutId),
        effectiveAt: e.effectiveAt,
        createdAt: e.createdAt,
        earnedAt: opt(e.commission ? (e.commission.occurredAt ?? e.commission.event.occurredAt) : null),
      }))
    },
  }
}
