import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { PayoutStore, PayoutTx } from '../../ports/payout-store.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { balances } from './balances.ts'
import { postEntries } from './ledger-postings.ts'
import { batchCandidates, batchPayouts, batchTx, queuedPayouts } from './payout-batch-store.ts'
import { batchRecord, PAYOUT_INCLUDE, payoutData, payoutEnrolment, payoutRecord } from './payout-records.ts'
import { lockEnrolmentId, lockPartnerKey, opt, qualifiedUsersOf, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient

/** Available (earned, past its hold, less payouts), pending and held money of one enrolment and currency. */
async function balance(tx: Tx | PrismaClient, enrolmentId: string, currency: string, asOf: Date) {
  const [r] = await balances(tx, { enrolmentId, currency, asOf })
  return { availableMinor: r?.availableMinor ?? 0n, pendingMinor: r?.pendingMinor ?? 0n, heldMinor: r?.heldMinor ?? 0n }
}

const ENROLMENT_WITH_PARTNER = { partner: { select: { legalType: true } } } as const

/** The enrolment a payout is for: locked, with its balance, its players and its payout settings. */
function enrolmentTx(tx: Tx): Pick<PayoutTx, 'lockEnrolmentOf' | 'balance' | 'qualifiedUsers' | 'setPayoutSettings'> {
  return {
    async lockEnrolmentOf(partnerId, programKey) {
      const id = await lockEnrolmentId(tx, partnerId, programKey)
      if (!id) return null
      return payoutEnrolment(await tx.enrolment.findUniqueOrThrow({ where: { id }, include: ENROLMENT_WITH_PARTNER }))
    },
    balance: (enrolmentId, currency, asOf) => balance(tx, enrolmentId, currency, asOf),
    async qualifiedUsers(enrolmentId) {
      return tx.customer.count({ where: qualifiedUsersOf(enrolmentId) })
    },
    async setPayoutSettings(enrolmentId, st) {
      return payoutEnrolment(
        await tx.enrolment.update({
          where: { id: enrolmentId },
          data: {
            ...(st.detailsAgreed !== undefined ? { paymentDetailsAgreed: st.detailsAgreed } : {}),
            ...(st.hold !== undefined
              ? {
                  payoutHoldUntil: st.hold?.until ?? null,
                  payoutHoldReason: st.hold?.reason ?? null,
                  payoutHoldSince: st.hold?.since ?? null,
                }
              : {}),
            updatedAt: st.at,
          },
          include: ENROLMENT_WITH_PARTNER,
        }),
      )
    },
  }
}

/** The audit actions of finance's decisions on payment details (core/use-cases/details-agreement.ts). */
const DETAILS_DECISIONS = ['payment_details.agreed', 'payment_details.changes_requested'] as const

/** How many of finance's decisions of these `actions` on the details for the program the audit log holds. */
const decisionsOn = (tx: Tx, partnerId: string, programKey: string, detailsId: string, actions: readonly string[]) =>
  tx.auditLog.count({
    where: {
      subjectType: 'partner',
      subjectId: partnerId,
      action: { in: [...actions] },
      AND: [{ data: { path: ['detailsId'], equals: detailsId } }, { data: { path: ['program'], equals: programKey } }],
    },
  })

/** A partner's payment details: the current ones per method, replacing them, and forgetting an erased partner's. */
function detailsTx(
  tx: Tx,
): Pick<
  PayoutTx,
  | 'lockPartner'
  | 'currentDetails'
  | 'saveDetails'
  | 'forgetErasedDetails'
  | 'activePrograms'
  | 'sealedDetails'
  | 'detailsDecided'
  | 'detailsRefused'
> {
  return {
    // the decision's audit row is its record (decideDetails writes it under the partner's lock)
    detailsDecided: async (partnerId, programKey, detailsId) =>
      (await decisionsOn(tx, partnerId, programKey, detailsId, DETAILS_DECISIONS)) > 0,
    detailsRefused: async (partnerId, programKey, detailsId) =>
      (await decisionsOn(tx, partnerId, programKey, detailsId, ['payment_details.changes_requested'])) > 0,
    async sealedDetails(partnerId, detailsId) {
      if (!UUID.test(detailsId)) return null
      const d = await tx.paymentDetails.findFirst({ where: { id: detailsId, partnerId, revokedAt: null } })
      if (!d?.ciphertext.length) return null
      return { method: d.method, keyId: d.keyId, ciphertext: Buffer.from(d.ciphertext) }
    },
    async activePrograms(partnerId) {
      const rows = await tx.enrolment.findMany({ where: { partnerId, status: 'active' }, select: { programKey: true } })
      return rows.map((r) => r.programKey)
    },
    async lockPartner(partnerId) {
      if (!UUID.test(partnerId)) return false
      const [partner] = await tx.$queryRaw<{ erased: boolean }[]>`
        SELECT erased_at IS NOT NULL AS erased FROM partners WHERE id = ${partnerId}::uuid FOR NO KEY UPDATE`
      return partner?.erased === false
    },
    async currentDetails(partnerId, method) {
      const d = await tx.paymentDetails.findFirst({
        where: { partnerId, method, revokedAt: null },
        orderBy: { createdAt: 'desc' },
      })
      return d ? { id: d.id, method: d.method, mask: d.mask } : null
    },
    async forgetErasedDetails(payoutIds) {
      if (!payoutIds.length) return 0
      return tx.$executeRaw`
        UPDATE payment_details d SET ciphertext = ''::bytea, mask = ''
        FROM payout_requests p, partners pt
        WHERE p.id = ANY(${payoutIds}::uuid[]) AND d.id = p.details_id AND pt.id = d.partner_id
          AND pt.erased_at IS NOT NULL AND length(d.ciphertext) > 0
          AND NOT EXISTS (SELECT 1 FROM payout_requests o WHERE o.details_id = d.id AND o.status = 'approved')`
    },
    async saveDetails(d) {
      // an agreement with the manager covers the details agreed, not whatever comes next for a method it covers
      const agreed = await tx.enrolment.findMany({
        where: { partnerId: d.partnerId, paymentDetailsAgreed: true },
        select: { id: true, programKey: true },
      })
      const voided = agreed.filter((e) => d.voidsAgreement(e.programKey)).map((e) => e.id)
      if (voided.length)
        await tx.enrolment.updateMany({
          where: { id: { in: voided } },
          data: { paymentDetailsAgreed: false, updatedAt: d.at },
        })
      await tx.paymentDetails.updateMany({
        where: { partnerId: d.partnerId, method: d.method, revokedAt: null },
        data: { revokedAt: d.at },
      })
      const row = await tx.paymentDetails.create({
        data: {
          partnerId: d.partnerId,
          method: d.method,
          keyId: d.keyId,
          ciphertext: new Uint8Array(d.ciphertext),
          mask: d.mask,
          createdAt: d.at,
        },
      })
      return { id: row.id, method: row.method, mask: row.mask }
    },
  }
}

/** Payout requests: by key, locked or read, inserted, and moved between statuses. */
function requestTx(
  tx: Tx,
): Pick<PayoutTx, 'findByKey' | 'insertPayout' | 'setResponse' | 'readPayout' | 'lockPayout' | 'setStatus'> {
  const lockedPayout = async (id: string) => {
    const p = await tx.payoutRequest.findUnique({ where: { id }, include: PAYOUT_INCLUDE })
    return p && payoutRecord(p)
  }
  return {
    async findByKey(partnerId, idempotencyKey) {
      await lockPartnerKey(tx, 'payout', partnerId, idempotencyKey)
      const p = await tx.payoutRequest.findFirst({
        where: { idempotencyKey, enrolment: { partnerId } },
        include: PAYOUT_INCLUDE,
      })
      return p && payoutRecord(p)
    },
    async insertPayout(p) {
      const row = await tx.payoutRequest.create({
        data: payoutData(p),
        include: PAYOUT_INCLUDE,
      })
      return payoutRecord(row)
    },
    async setResponse(id, response) {
      await tx.payoutRequest.update({ where: { id }, data: { response: response as Prisma.InputJsonValue } })
    },
    async readPayout(id) {
      return UUID.test(id) ? lockedPayout(id) : null
    },
    async lockPayout(id) {
      if (!UUID.test(id)) return null
      const rows = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM payout_requests WHERE id = ${id}::uuid FOR UPDATE`
      return rows[0] ? lockedPayout(id) : null
    },
    async setStatus(id, from, to, ch) {
      const r = await tx.payoutRequest.updateMany({
        where: { id, status: { in: from }, ...(ch.unbatchedOnly ? { batchId: null } : {}) },
        data: {
          status: to,
          ...(ch.reason !== undefined ? { reason: ch.reason, note: ch.note ?? null } : {}),
          ...(ch.paymentRef !== undefined ? { paymentRef: ch.paymentRef } : {}),
          ...(ch.paidAt !== undefined ? { paidAt: ch.paidAt } : {}),
          ...(ch.decidedBy !== undefined ? { decidedBy: ch.decidedBy } : {}),
          ...(ch.batchId !== undefined ? { batchId: ch.batchId } : {}),
          ...(ch.expectedAt !== undefined ? { expectedAt: ch.expectedAt } : {}),
          updatedAt: ch.at,
        },
      })
      return r.count === 1
    },
  }
}

/** A program's pay days: dates moved by finance, and payouts paused. */
function scheduleTx(
  tx: Tx,
): Pick<PayoutTx, 'movedDates' | 'moveDate' | 'pausedAt' | 'pauseState' | 'setPaused' | 'activePartners'> {
  return {
    async movedDates(programKey) {
      const rows = await tx.payoutDateOverride.findMany({ where: { programKey } })
      return new Map(rows.map((r) => [r.scheduled, r.movedTo]))
    },
    async moveDate(m) {
      const row = {
        programKey: m.programKey,
        scheduled: m.scheduled,
        movedTo: m.movedTo,
        actor: m.actor,
        reason: m.reason,
        createdAt: m.at,
      }
      // one statement each, so of two clicks at once only one changes it (the other finds it moved already)
      const created = await tx.payoutDateOverride.createMany({ data: [row], skipDuplicates: true })
      if (created.count) return true
      const updated = await tx.payoutDateOverride.updateMany({
        where: { programKey: m.programKey, scheduled: m.scheduled, movedTo: { not: m.movedTo } },
        data: { movedTo: m.movedTo, actor: m.actor, reason: m.reason, createdAt: m.at },
      })
      return updated.count > 0
    },
    async pausedAt(programKey) {
      const s = await tx.payoutProgramState.findUnique({ where: { programKey } })
      return opt(s?.pausedAt ?? null)
    },
    async pauseState(programKey) {
      const s = await tx.payoutProgramState.findUnique({ where: { programKey } })
      return s?.pausedAt ? { at: s.pausedAt, actor: s.pausedBy ?? '', reason: s.pauseReason ?? '' } : undefined
    },
    async setPaused(programKey, paused, at) {
      await tx.payoutProgramState.createMany({ data: [{ programKey, updatedAt: at }], skipDuplicates: true })
      const data = paused
        ? { pausedAt: at, pausedBy: paused.actor, pauseReason: paused.reason, updatedAt: at }
        : { pausedAt: null, pausedBy: null, pauseReason: null, updatedAt: at }
      // compare-and-set: a second pause (or resume) finds nothing to change
      const r = await tx.payoutProgramState.updateMany({
        where: { programKey, pausedAt: paused ? null : { not: null } },
        data,
      })
      return r.count > 0
    },
    async activePartners(programKey) {
      const rows = await tx.$queryRaw<{ partner_id: string }[]>`
        SELECT e.partner_id FROM enrolments e
         WHERE e.program_key = ${programKey}
           AND (e.status = 'active' OR EXISTS (
                 SELECT 1 FROM payout_requests r
                  WHERE r.enrolment_id = e.id AND r.status IN ('requested', 'approved', 'needs_review')))
         ORDER BY e.partner_id`
      return rows.map((r) => r.partner_id)
    },
  }
}

function payoutTx(tx: Tx, announce: Announce): PayoutTx {
  return {
    announce,
    post: (entries) => postEntries(tx, entries),
    audit: (a) => writeAudit(tx, a),
    ...enrolmentTx(tx),
    ...detailsTx(tx),
    ...requestTx(tx),
    ...scheduleTx(tx),
    ...batchTx(tx),
  }
}

export function prismaPayoutStore(prisma: PrismaClient, onAnnounced?: () => void): PayoutStore {
  return {
    transaction: announcingTransactions(prisma, payoutTx, { timeout: 60_000, maxWait: 10_000 }, onAnnounced),
    async findBatch(programKey, periodStart) {
      const b = await prisma.payoutBatch.findUnique({ where: { programKey_periodStart: { programKey, periodStart } } })
      return b && batchRecord(b)
    },
    batchCandidates: (programKey, asOf, methods) => batchCandidates(prisma, programKey, asOf, methods),
    queuedPayouts: (programKey, before, dueBy) => queuedPayouts(prisma, programKey, before, dueBy),
    batchPayouts: (batchId) => batchPayouts(prisma, batchId),
    async batches(programKey, limit) {
      const rows = await prisma.payoutBatch.findMany({
        where: programKey ? { programKey } : {},
        orderBy: { payDate: 'desc' },
        take: limit,
      })
      return rows.map(batchRecord)
    },
    async payout(id) {
      if (!UUID.test(id)) return null
      const p = await prisma.payoutRequest.findUnique({ where: { id }, include: PAYOUT_INCLUDE })
      return p && payoutRecord(p)
    },
    async payoutsOf(partnerId, programKey, limit) {
      if (!UUID.test(partnerId)) return []
      const rows = await prisma.payoutRequest.findMany({
        where: { enrolment: { partnerId }, ...(programKey ? { programKey } : {}) },
        include: PAYOUT_INCLUDE,
        orderBy: { createdAt: 'desc' },
        take: limit,
      })
      return rows.map(payoutRecord)
    },
    async detailsNotUnder(keyId, limit) {
      const rows = await prisma.paymentDetails.findMany({
        where: { keyId: { not: keyId } },
        select: { id: true, partnerId: true, keyId: true, ciphertext: true },
        orderBy: { id: 'asc' },
        take: limit,
      })
      return rows.map((r) => ({ ...r, ciphertext: Buffer.from(r.ciphertext) }))
    },
    async rewrapDetails(id, fromKeyId, keyId, ciphertext) {
      const r = await prisma.paymentDetails.updateMany({
        where: { id, keyId: fromKeyId },
        data: { keyId, ciphertext: new Uint8Array(ciphertext) },
      })
      return r.count === 1
    },
    async detailsOf(payoutId) {
      if (!UUID.test(payoutId)) return null
      const p = await prisma.payoutRequest.findUnique({ where: { id: payoutId }, include: { details: true } })
      if (!p?.details) return null
      return { keyId: p.details.keyId, ciphertext: Buffer.from(p.details.ciphertext), method: p.details.method }
    },
  }
}
