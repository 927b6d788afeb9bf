import type { Prisma } from '../../../generated/prisma/client.ts'
import type { EnrolmentStatus } from '../../domain/enrolment-status.ts'
import { UUID } from '../../domain/ids.ts'
import type { CancellablePayout, DeskCardKind, ErasureTx } from '../../ports/partner-directory.ts'
import type { Announce } from '../queue/outbox.ts'
import { openedSuspension } from './code-suspensions.ts'
import { postEntries } from './ledger-postings.ts'
import { writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient

/** The erasure's writes (core/use-cases/erase-partner.ts decides them). */
export function erasureTx(tx: Tx, announce: Announce): ErasureTx {
  return {
    announce,
    async lockPartner(partnerId) {
      if (!UUID.test(partnerId)) return null
      const [p] = await tx.$queryRaw<{ erased: boolean }[]>`
        SELECT erased_at IS NOT NULL AS erased FROM partners WHERE id = ${partnerId}::uuid FOR UPDATE`
      if (!p || p.erased) return null
      const enrolments = await tx.$queryRaw<{ id: string; status: EnrolmentStatus }[]>`
        SELECT id, status::text AS status FROM enrolments WHERE partner_id = ${partnerId}::uuid ORDER BY id FOR UPDATE`
      return { enrolments }
    },
    async unbatchedPayouts(partnerId, statuses) {
      const rows = await tx.payoutRequest.findMany({
        where: { enrolment: { partnerId }, status: { in: statuses }, batchId: null },
        orderBy: { createdAt: 'asc' },
      })
      return rows.map((o) => ({
        id: o.id,
        programKey: o.programKey,
        enrolmentId: o.enrolmentId,
        currency: o.currency,
        grossMinor: o.grossMinor,
        status: o.status as CancellablePayout['status'],
      }))
    },
    async setPayoutStatus(id, from, to, reason, at) {
      const r = await tx.payoutRequest.updateMany({
        where: { id, status: { in: from } },
        // a new reason: an earlier hold's note goes with it
        data: { status: to, reason, note: null, updatedAt: at },
      })
      return r.count === 1
    },
    async setEnrolmentStatus(id, from, to, at) {
      const r = await tx.enrolment.updateMany({
        where: { id, status: { in: from } },
        data: { status: to, updatedAt: at, ...(to === 'terminated' ? { endsAt: at } : {}) },
      })
      return r.count === 1
    },
    post: (entries) => postEntries(tx, entries),
    async disputeCards(partnerId) {
      const rows = await tx.dispute.findMany({
        where: { partnerId, slackTs: { not: null } },
        select: { id: true },
        orderBy: { number: 'asc' },
      })
      return rows.map((r) => r.id)
    },
    async deskCopies(partnerId) {
      const rows = await tx.disputeMessage.findMany({
        where: {
          dispute: { partnerId },
          author: 'partner',
          OR: [{ slackTs: { not: null } }, { slackFiles: { isEmpty: false } }],
        },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      })
      return rows.map((r) => r.id)
    },
    async deskCards(partnerId) {
      const rows = await tx.deskCard.findMany({
        where: { partnerId },
        select: { kind: true, subject: true },
        orderBy: [{ kind: 'asc' }, { subject: 'asc' }],
      })
      return rows.map((r) => ({ kind: r.kind as DeskCardKind, subject: r.subject }))
    },
    async applicationCards(partnerId) {
      const rows = await tx.enrolment.findMany({
        where: { partnerId, slackTs: { not: null } },
        select: { programKey: true },
        orderBy: { programKey: 'asc' },
      })
      return rows.map((r) => r.programKey)
    },
    async wipePersonalData(partnerId, at) {
      // details an approved payout still pays to are kept until it is settled; all others are wiped
      await tx.paymentDetails.updateMany({
        where: { partnerId, payouts: { none: { status: 'approved' } } },
        data: { ciphertext: new Uint8Array(0), mask: '', revokedAt: at },
      })
      await tx.paymentDetails.updateMany({ where: { partnerId }, data: { revokedAt: at } })
      await tx.enrolment.updateMany({
        where: { partnerId },
        data: { answers: {}, ownAccountId: null, paymentDetailsAgreed: false, updatedAt: at },
      })
      // codes still active are suspended from now on (events from before keep their standing then)
      await tx.$executeRaw`
        UPDATE referral_codes rc
        SET suspensions = CASE WHEN rc.status = 'active' THEN ${openedSuspension(at)} ELSE rc.suspensions END,
            status = 'suspended', suspended_by = NULL
        FROM enrolments e WHERE e.id = rc.enrolment_id AND e.partner_id = ${partnerId}::uuid`
      await tx.partner.update({
        where: { id: partnerId },
        data: { name: null, telegramId: null, telegramUsername: null, country: null, erasedAt: at, updatedAt: at },
      })
      // what the partner wrote in disputes (text, files, and the Telegram chat in the message reference); the
      // cases, support's answers and the decisions stay
      await tx.$executeRaw`
        UPDATE dispute_messages m SET text = '', attachments = '[]'::jsonb, source_ref = 'erased:' || m.id::text
        FROM disputes d WHERE d.id = m.dispute_id AND d.partner_id = ${partnerId}::uuid AND m.author = 'partner'`
      // the masks of the partner's payment details, kept in payout answers and in the audit log
      await tx.$executeRaw`
        UPDATE payout_requests SET response = response #- '{payout,details}'
        WHERE response IS NOT NULL AND enrolment_id IN (SELECT id FROM enrolments WHERE partner_id = ${partnerId}::uuid)`
      await tx.$executeRaw`
        UPDATE audit_log SET data = data - 'mask'
        WHERE subject_type = 'partner' AND subject_id = ${partnerId} AND data ? 'mask'`
    },
    audit: (a) => writeAudit(tx, a),
  }
}
