import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { TermsTexts } from '../../domain/terms.ts'
import type { AgreementTx, EndingAgreement, TermsStore, TermsTx, TermsVersionRecord } from '../../ports/terms-store.ts'
import type { CommissionRule } from '../../programs/definition.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { opt, writeAudit } from './records.ts'
import { broadcastStore, broadcastTx } from './terms-broadcasts.ts'

type Tx = Prisma.TransactionClient
/** Partners a term change is told to: everyone bound by the program's terms. */
const LIVE = ['active', 'applied', 'blocked'] as const

const versionRecord = (v: Prisma.TermsVersionGetPayload<object>): TermsVersionRecord => ({
  id: v.id,
  programKey: v.programKey,
  version: v.version,
  effectiveAt: v.effectiveAt,
  publishedAt: opt(v.publishedAt),
  withdrawnAt: opt(v.withdrawnAt),
  texts: v.texts as TermsTexts,
  ratesOnly: Boolean((v.changes as { ratesOnly?: boolean } | null)?.ratesOnly),
  commission: (v.changes as { commission?: CommissionRule } | null)?.commission,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
})

/** A term change's version: numbered, published, and each partner's answer to it. */
function versionTx(
  tx: Tx,
): Pick<
  TermsTx,
  'nextVersion' | 'insertVersion' | 'lockVersion' | 'markPublished' | 'markWithdrawn' | 'answerOf' | 'saveAnswer'
> {
  return {
    async nextVersion(programKey) {
      await tx.$queryRaw`SELECT key FROM programs WHERE key = ${programKey} FOR NO KEY UPDATE`
      // published versions only: a draft abandoned leaves no gap in the numbers partners read
      const last = await tx.termsVersion.aggregate({
        where: { programKey, publishedAt: { not: null } },
        _max: { version: true },
      })
      return (last._max.version ?? 0) + 1
    },
    async insertVersion(v) {
      return versionRecord(
        await tx.termsVersion.create({
          data: {
            programKey: v.programKey,
            version: v.version,
            effectiveAt: v.effectiveAt,
            texts: v.texts as Prisma.InputJsonValue,
            changes: {
              ratesOnly: v.ratesOnly,
              ...(v.commission ? { commission: v.commission } : {}),
            } as Prisma.InputJsonValue,
            createdBy: v.createdBy,
            createdAt: v.createdAt,
          },
        }),
      )
    },
    async lockVersion(id) {
      if (!UUID.test(id)) return null
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM terms_versions WHERE id = ${id}::uuid FOR UPDATE`
      if (!rows.length) return null
      return versionRecord(await tx.termsVersion.findUniqueOrThrow({ where: { id } }))
    },
    async markPublished(id, at, effectiveAt, version) {
      const v = await tx.termsVersion.update({ where: { id }, data: { publishedAt: at, effectiveAt, version } })
      await tx.termsVersion.updateMany({
        where: { programKey: v.programKey, publishedAt: null },
        data: { version: version + 1 },
      })
    },
    async markWithdrawn(id, at) {
      await tx.termsVersion.update({ where: { id }, data: { withdrawnAt: at } })
    },
    async answerOf(versionId, partnerId) {
      const a = await tx.termsAnswer.findUnique({
        where: { termsVersionId_partnerId: { termsVersionId: versionId, partnerId } },
      })
      return a && { kind: a.kind, at: a.at }
    },
    async saveAnswer(versionId, partnerId, kind, at) {
      // an objection stands: a concurrent or later acknowledgement never replaces it
      await tx.$executeRaw`
        INSERT INTO terms_answers (id, terms_version_id, partner_id, kind, at)
        VALUES (gen_random_uuid(), ${versionId}::uuid, ${partnerId}::uuid, ${kind}::"TermsAnswerKind", ${at})
        ON CONFLICT (terms_version_id, partner_id) DO UPDATE SET kind = EXCLUDED.kind, at = EXCLUDED.at
        WHERE terms_answers.kind <> 'objected'`
    },
  }
}

function termsTx(tx: Tx, announce: Announce): TermsTx {
  return {
    announce,
    async endAgreementAt(partnerId, programKey, endsAt, at) {
      const r = await tx.enrolment.updateMany({
        where: { partnerId, programKey, status: { in: [...LIVE] } },
        data: { endsAt, endReason: 'terms_objection', updatedAt: at },
      })
      return r.count > 0
    },
    audit: (a) => writeAudit(tx, a),
    ...versionTx(tx),
    ...broadcastTx(tx),
  }
}

/** The ending of agreements that reached their end date (the port's `agreements`). */
function agreementTx(tx: Tx, announce: Announce): AgreementTx {
  return {
    announce,
    dueAgreements: (now, statuses, limit) =>
      tx.$queryRaw<EndingAgreement[]>`
        SELECT id, partner_id AS "partnerId", program_key AS "programKey", status::text AS status,
          end_reason AS "endReason"
        FROM enrolments WHERE ends_at <= ${now} AND status::text = ANY(${statuses})
        ORDER BY id LIMIT ${limit} FOR UPDATE`,
    async setEnrolmentStatus(id, from, to, at) {
      const r = await tx.enrolment.updateMany({
        where: { id, status: { in: from } },
        data: { status: to, updatedAt: at },
      })
      return r.count === 1
    },
    audit: (a) => writeAudit(tx, a),
  }
}

/** Term versions, the rules they published, and who must read them in which language and has answered. */
function termsReads(
  prisma: PrismaClient,
): Pick<
  TermsStore,
  | 'version'
  | 'versions'
  | 'publishedRules'
  | 'neededLanguages'
  | 'activePartners'
  | 'enrolmentStatus'
  | 'answers'
  | 'deliveredAt'
  | 'deliveryStatus'
> {
  return {
    async version(id) {
      if (!UUID.test(id)) return null
      const v = await prisma.termsVersion.findUnique({ where: { id } })
      return v && versionRecord(v)
    },
    async versions(programKey) {
      const rows = await prisma.termsVersion.findMany({ where: { programKey }, orderBy: { version: 'desc' } })
      return rows.map(versionRecord)
    },
    async publishedRules() {
      // one read: the revision counts exactly the published versions the amendments come from
      const rows = (await prisma.termsVersion.findMany({ where: { publishedAt: { not: null } } })).map(versionRecord)
      const amendments = rows.flatMap((v) =>
        v.commission && !v.withdrawnAt
          ? [
              {
                programKey: v.programKey,
                id: v.id,
                version: v.version,
                effectiveAt: v.effectiveAt,
                commission: v.commission,
              },
            ]
          : [],
      )
      return { revision: rows.length + rows.filter((v) => v.withdrawnAt).length, amendments }
    },
    async neededLanguages(programKey) {
      const rows = await prisma.partner.findMany({
        where: { erasedAt: null, enrolments: { some: { programKey, status: { in: [...LIVE] } } } },
        distinct: ['language'],
        select: { language: true },
      })
      return rows.map((r) => r.language)
    },
    activePartners(programKey) {
      return prisma.partner.count({
        where: { erasedAt: null, enrolments: { some: { programKey, status: 'active' } } },
      })
    },
    async enrolmentStatus(partnerId, programKey) {
      if (!UUID.test(partnerId)) return null
      const e = await prisma.enrolment.findUnique({ where: { partnerId_programKey: { partnerId, programKey } } })
      return e && { status: e.status, endsAt: opt(e.endsAt), endReason: opt(e.endReason) }
    },
    async answers(partnerId, versionIds) {
      const rows = await prisma.termsAnswer.findMany({ where: { partnerId, termsVersionId: { in: versionIds } } })
      return new Map(rows.map((a) => [a.termsVersionId, { kind: a.kind, at: a.at }]))
    },
    async deliveredAt(versionId, partnerId) {
      if (!UUID.test(versionId) || !UUID.test(partnerId)) return null
      const d = await prisma.broadcastDelivery.findFirst({
        where: { partnerId, broadcast: { termsVersionId: versionId }, sentAt: { not: null } },
        orderBy: { sentAt: 'asc' },
        select: { sentAt: true },
      })
      return d?.sentAt ?? null
    },
    async deliveryStatus(versionId, partnerId) {
      if (!UUID.test(versionId) || !UUID.test(partnerId)) return null
      const rows = await prisma.broadcastDelivery.findMany({
        where: { partnerId, broadcast: { termsVersionId: versionId } },
        select: { status: true },
      })
      const statuses = rows.map((r) => r.status)
      return statuses.find((s) => s === 'sent') ?? statuses.find((s) => s === 'sending') ?? statuses[0] ?? null
    },
  }
}

export function prismaTermsStore(prisma: PrismaClient, onAnnounced?: () => void): TermsStore {
  const options = { timeout: 60_000, maxWait: 10_000 }
  return {
    transaction: announcingTransactions(prisma, termsTx, options, onAnnounced),
    ...termsReads(prisma),
    ...broadcastStore(prisma),
    agreements: announcingTransactions(prisma, agreementTx, options, onAnnounced),
  }
}
