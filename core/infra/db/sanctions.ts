import type { Prisma } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { LedgerTx, SanctionRecord } from '../../ports/ledger-store.ts'
import { opt } from './records.ts'

type Tx = Prisma.TransactionClient

/** A sanction's row with its enrolment's partner and program, as core reads it. */
export const sanctionInclude = { enrolment: { select: { partnerId: true, programKey: true } } } as const
export const sanctionRecord = (s: {
  id: string
  enrolmentId: string
  kind: SanctionRecord['kind']
  reason: string
  note: string | null
  actor: string
  createdAt: Date
  liftedAt: Date | null
  liftedBy?: string | null
  dueAt?: Date | null
  escalatedTo?: string | null
  endsAt?: Date | null
  enrolment: { partnerId: string; programKey: string }
}): SanctionRecord => ({
  id: s.id,
  enrolmentId: s.enrolmentId,
  partnerId: s.enrolment.partnerId,
  programKey: s.enrolment.programKey,
  kind: s.kind,
  reason: s.reason,
  note: opt(s.note),
  actor: s.actor,
  createdAt: s.createdAt,
  liftedAt: opt(s.liftedAt),
  liftedBy: opt(s.liftedBy ?? null),
  dueAt: opt(s.dueAt ?? null),
  escalatedTo: opt(s.escalatedTo ?? null),
  endsAt: opt(s.endsAt ?? null),
})

/** Sanctions and the ad-rule warnings' deadlines, in the caller's transaction. */
export function sanctionTx(
  tx: Tx,
): Pick<
  LedgerTx,
  | 'insertSanction'
  | 'sanctionByRequestKey'
  | 'lockSanction'
  | 'codeSuspensionsInForce'
  | 'codeSuspensionLiftedSince'
  | 'liftSanction'
  | 'overdueWarnings'
  | 'endedSanctions'
  | 'setEscalatedTo'
  | 'setPayoutsBlocked'
> {
  return {
    async insertSanction(s) {
      return sanctionRecord(
        await tx.sanction.create({
          data: {
            enrolmentId: s.enrolmentId,
            kind: s.kind,
            reason: s.reason,
            note: s.note,
            actor: s.actor,
            createdAt: s.createdAt,
            dueAt: s.dueAt ?? null,
            endsAt: s.endsAt ?? null,
            requestKey: s.requestKey ?? null,
          },
          include: sanctionInclude,
        }),
      )
    },
    async sanctionByRequestKey(requestKey) {
      const s = await tx.sanction.findUnique({ where: { requestKey }, include: sanctionInclude })
      return s && sanctionRecord(s)
    },
    async lockSanction(id) {
      if (!UUID.test(id)) return null
      await tx.$queryRaw`SELECT id FROM sanctions WHERE id = ${id}::uuid FOR NO KEY UPDATE`
      const s = await tx.sanction.findUnique({ where: { id }, include: sanctionInclude })
      return s && sanctionRecord(s)
    },
    codeSuspensionsInForce: (enrolmentId, except) =>
      tx.sanction.count({ where: { enrolmentId, kind: 'suspend_codes', liftedAt: null, id: { not: except } } }),
    async codeSuspensionLiftedSince(enrolmentId, since) {
      const s = await tx.sanction.findFirst({
        where: { enrolmentId, kind: 'suspend_codes', liftedAt: { gte: since } },
        select: { id: true },
        orderBy: [{ liftedAt: 'desc' }, { createdAt: 'desc' }],
      })
      return s?.id ?? null
    },
    async liftSanction(id, at, by) {
      await tx.sanction.update({ where: { id }, data: { liftedAt: at, liftedBy: by } })
    },
    async overdueWarnings(now, limit) {
      const rows = await tx.sanction.findMany({
        where: {
          kind: 'warning',
          dueAt: { lte: now },
          liftedAt: null,
          escalatedTo: null,
          enrolment: { status: { in: ['active', 'blocked'] } },
        },
        select: { id: true },
        orderBy: { dueAt: 'asc' },
        take: limit,
      })
      return rows.map((r) => r.id)
    },
    async endedSanctions(now, limit) {
      const rows = await tx.sanction.findMany({
        where: {
          kind: { in: ['suspend_codes', 'block', 'payout_hold'] },
          endsAt: { lte: now },
          liftedAt: null,
          enrolment: { status: { in: ['active', 'blocked'] } },
        },
        select: { id: true },
        orderBy: { endsAt: 'asc' },
        take: limit,
      })
      return rows.map((r) => r.id)
    },
    async setEscalatedTo(warningId, blockId) {
      await tx.sanction.update({ where: { id: warningId }, data: { escalatedTo: blockId } })
    },
    async setPayoutsBlocked(enrolmentId, reason) {
      await tx.enrolment.update({ where: { id: enrolmentId }, data: { payoutsBlockedReason: reason } })
    },
  }
}
