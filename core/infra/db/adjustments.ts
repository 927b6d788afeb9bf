import type { Prisma } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { AdjustmentRecord, AdjustmentTx } from '../../ports/adjustments.ts'
import { lockPartnerKey, opt } from './records.ts'

const include = { enrolment: { select: { partnerId: true, programKey: true } } } as const

type Row = Prisma.ManualAdjustmentGetPayload<{ include: typeof include }>

const record = (r: Row): AdjustmentRecord => ({
  id: r.id,
  enrolmentId: r.enrolmentId,
  partnerId: r.enrolment.partnerId,
  programKey: r.enrolment.programKey,
  idempotencyKey: r.idempotencyKey,
  currency: r.currency,
  amountMinor: r.amountMinor,
  reason: r.reason,
  note: opt(r.note),
  actor: r.actor,
  createdAt: r.createdAt,
})

/** The manual adjustments' reads and writes inside a ledger transaction. */
export function adjustmentTx(tx: Prisma.TransactionClient): AdjustmentTx {
  return {
    async adjustmentByKey(partnerId, idempotencyKey) {
      await lockPartnerKey(tx, 'adjustment', partnerId, idempotencyKey)
      const r = await tx.manualAdjustment.findFirst({ where: { idempotencyKey, enrolment: { partnerId } }, include })
      return r && record(r)
    },
    async insertAdjustment(a) {
      return record(
        await tx.manualAdjustment.create({
          data: {
            enrolmentId: a.enrolmentId,
            idempotencyKey: a.idempotencyKey,
            currency: a.currency,
            amountMinor: a.amountMinor,
            reason: a.reason,
            note: a.note ?? null,
            actor: a.actor,
            createdAt: a.createdAt,
          },
          include,
        }),
      )
    },
    async adjustmentById(id) {
      if (!UUID.test(id)) return null
      const r = await tx.manualAdjustment.findUnique({ where: { id }, include })
      return r && record(r)
    },
  }
}
