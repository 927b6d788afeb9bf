import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { TermsTexts } from '../../domain/terms.ts'
import type {
  AgreementTx,
  BroadcastRecord,
  ClaimedDelivery,
  EndingAgreement,
  ReportRow,
  TermsStore,
  TermsTx,
  TermsVersionRecord,
} from '../../ports/terms-store.ts'
import type { CommissionRule } from '../../programs/definition.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { opt, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient
/** Partners a term change is told to: everyone bound by the program's terms. */
const LIVE = ['active', 'applied', 'blocked'] as const

const versionRecord = (v: Prisma.TermsVersionGetPayload<object>): TermsVersionRecord => ({
  id: v.id,
  programKey: v.programKey,
  version: v.version,
  effectiveAt: v.effectiveAt,
  publishedAt: opt(v.publishedAt),
  texts: v.texts as TermsTexts,
  ratesOnly: Boolean((v.changes as { ratesOnly?: boolean } | null)?.ratesOnly),
  commission: (v.changes as { commission?: CommissionRule } | null)?.commission,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
})

const broadcastRecord = (b: Prisma.BroadcastGetPayload<object>): BroadcastRecord => ({
  id: b.id,
  programKey: b.programKey,
  termsVersionId: opt(b.termsVersionId),
  status: b.status,
  ratePerSecond: b.ratePerSecond,
  paid: b.paid,
  createdBy: b.createdBy,
  slackChannel: opt(b.slackChannel),
  slackTs: opt(b.slackTs),
  createdAt: b.createdAt,
  finishedAt: opt(b.finishedAt),
})

function termsTx(tx: Tx, announce: Announce): TermsTx {
  return {
    announce,
    async nextVersion(programKey) {
      await tx.$queryRaw`SELECT key FROM programs WHERE key = ${programKey} FOR NO KEY UPDATE`
      const last = await tx.termsVersion.aggregate({ where: { programKey }, _max: { version: true } })
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
    async markPublished(id, at, effectiveAt) {
      await tx.termsVersion.update({ where: { id }, data: { publishedAt: at, effectiveAt } })
    },
    async insertBroadcast(b) {
      return broadcastRecord(
        await tx.broadcast.create({
          data: {
            programKey: b.programKey,
            termsVersionId: b.termsVersionId,
            status: b.status,
            ratePerSecond: b.ratePerSecond,
            paid: b.paid,
            createdBy: b.createdBy,
            slackChannel: b.slackChannel,
            createdAt: b.createdAt,
          },
        }),
      )
    },
    async insertDeliveries(broadcastId, programKey, at) {
      // a partner without Telegram cannot be told: recorded as failed at once, so the report lists them
      return tx.$executeRaw`
        INSERT INTO broadcast_deliveries (broadcast_id, partner_id, status, last_error, updated_at)
        SELECT ${broadcastId}::uuid, p.id,
               (CASE WHEN p.telegram_id IS NULL THEN 'failed' ELSE 'pending' END)::"DeliveryStatus",
               CASE WHEN p.telegram_id IS NULL THEN 'no_telegram' END, ${at}
          FROM enrolments e JOIN partners p ON p.id = e.partner_id
         WHERE e.program_key = ${programKey} AND e.status::text IN ('active', 'applied', 'blocked')
           AND p.erased_at IS NULL
        ON CONFLICT (broadcast_id, partner_id) DO NOTHING`
    },
    async lockBroadcast(id) {
      if (!UUID.test(id)) return null
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM broadcasts WHERE id = ${id}::uuid FOR UPDATE`
      if (!rows.length) return null
      return broadcastRecord(await tx.broadcast.findUniqueOrThrow({ where: { id } }))
    },
    async setBroadcastStatus(id, status, at) {
      await tx.broadcast.update({
        where: { id },
        data: { status, finishedAt: status === 'completed' || status === 'cancelled' ? at : null },
      })
    },
    unfinished: (broadcastId) =>
      tx.broadcastDelivery.count({ where: { broadcastId, status: { in: ['pending', 'sending'] } } }),
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
    async endAgreementAt(partnerId, programKey, endsAt, at) {
      const r = await tx.enrolment.updateMany({
        where: { partnerId, programKey, status: { in: [...LIVE] } },
        data: { endsAt, updatedAt: at },
      })
      return r.count > 0
    },
    audit: (a) => writeAudit(tx, a),
  }
}

export function prismaTermsStore(prisma: PrismaClient, onAnnounced?: () => void): TermsStore {
  return {
    transaction: announcingTransactions(prisma, termsTx, { timeout: 60_000, maxWait: 10_000 }, onAnnounced),
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
        v.commission
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
      return { revision: rows.length, amendments }
    },
    async neededLanguages(programKey) {
      const rows = await prisma.partner.findMany({
        where: { erasedAt: null, enrolments: { some: { programKey, status: { in: [...LIVE] } } } },
        distinct: ['language'],
        select: { language: true },
      })
      return rows.map((r) => r.language)
    },
    async enrolmentStatus(partnerId, programKey) {
      if (!UUID.test(partnerId)) return null
      const e = await prisma.enrolment.findUnique({ where: { partnerId_programKey: { partnerId, programKey } } })
      return e && { status: e.status, endsAt: opt(e.endsAt) }
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
    async broadcast(id) {
      if (!UUID.test(id)) return null
      const b = await prisma.broadcast.findUnique({ where: { id } })
      return b && broadcastRecord(b)
    },
    async broadcasts(programKey) {
      const rows = await prisma.broadcast.findMany({
        where: programKey ? { programKey } : {},
        orderBy: { createdAt: 'desc' },
        take: 50,
      })
      return rows.map(broadcastRecord)
    },
    async counts(broadcastId) {
      const [byStatus, answers] = await Promise.all([
        prisma.broadcastDelivery.groupBy({ by: ['status'], where: { broadcastId }, _count: true }),
        prisma.$queryRaw<{ kind: string; n: bigint }[]>`
          SELECT a.kind::text AS kind, count(*) AS n
            FROM broadcasts b JOIN terms_answers a ON a.terms_version_id = b.terms_version_id
            JOIN broadcast_deliveries d ON d.broadcast_id = b.id AND d.partner_id = a.partner_id
           WHERE b.id = ${broadcastId}::uuid
           GROUP BY a.kind`,
      ])
      const n = (s: string) => byStatus.find((g) => g.status === s)?._count ?? 0
      const a = (k: string) => Number(answers.find((x) => x.kind === k)?.n ?? 0)
      return {
        total: byStatus.reduce((t, g) => t + g._count, 0),
        pending: n('pending'),
        sending: n('sending'),
        sent: n('sent'),
        failed: n('failed'),
        blocked: n('blocked'),
        acknowledged: a('acknowledged'),
        objected: a('objected'),
      }
    },
    async setBroadcastMessage(id, channel, ts) {
      await prisma.broadcast.update({ where: { id }, data: { slackChannel: channel, slackTs: ts } })
    },
    async claim(broadcastId, n, at) {
      const rows = await prisma.$queryRaw<
        { id: bigint; partner_id: string; telegram_id: bigint | null; language: string; attempts: number }[]
      >`
        WITH picked AS (
          SELECT id FROM broadcast_deliveries
           WHERE broadcast_id = ${broadcastId}::uuid AND status = 'pending'
           ORDER BY id LIMIT ${n} FOR UPDATE SKIP LOCKED)
        UPDATE broadcast_deliveries d SET status = 'sending', attempts = d.attempts + 1, updated_at = ${at}
          FROM picked, partners p
         WHERE d.id = picked.id AND p.id = d.partner_id
        RETURNING d.id, d.partner_id, p.telegram_id, p.language, d.attempts`
      return rows.map(
        (r): ClaimedDelivery => ({
          id: r.id,
          partnerId: r.partner_id,
          telegramId: opt(r.telegram_id),
          language: r.language,
          attempts: r.attempts,
        }),
      )
    },
    async finish(id, status, at, info = {}) {
      await prisma.broadcastDelivery.update({
        where: { id },
        data: {
          status,
          updatedAt: at,
          ...(status === 'sent'
            ? { sentAt: at, messageId: info.messageId === undefined ? null : BigInt(info.messageId) }
            : {}),
          ...(info.error ? { lastError: info.error.slice(0, 250) } : {}),
        },
      })
    },
    async requeueSending(broadcastId) {
      const r = await prisma.broadcastDelivery.updateMany({
        where: { broadcastId, status: 'sending' },
        data: { status: 'pending' },
      })
      return r.count
    },
    async markUnreachable(partnerId, at) {
      await prisma.partner.updateMany({ where: { id: partnerId, unreachableAt: null }, data: { unreachableAt: at } })
    },
    async running() {
      const rows = await prisma.broadcast.findMany({ where: { status: 'running' } })
      return rows.map(broadcastRecord)
    },
    async report(broadcastId) {
      const rows = await prisma.$queryRaw<
        {
          partner_id: string
          name: string | null
          telegram_username: string | null
          language: string
          status: ReportRow['delivery']
          sent_at: Date | null
          last_error: string | null
          kind: ReportRow['answer'] | null
          at: Date | null
        }[]
      >`
        SELECT d.partner_id, p.name, p.telegram_username, p.language, d.status::text AS status, d.sent_at,
               d.last_error, a.kind::text AS kind, a.at
          FROM broadcast_deliveries d
          JOIN broadcasts b ON b.id = d.broadcast_id
          JOIN partners p ON p.id = d.partner_id
          LEFT JOIN terms_answers a ON a.terms_version_id = b.terms_version_id AND a.partner_id = d.partner_id
         WHERE d.broadcast_id = ${broadcastId}::uuid
         ORDER BY d.id`
      return rows.map((r) => ({
        partnerId: r.partner_id,
        name: opt(r.name),
        telegramUsername: opt(r.telegram_username),
        language: r.language,
        delivery: r.status,
        sentAt: opt(r.sent_at),
        lastError: opt(r.last_error),
        answer: opt(r.kind),
        answeredAt: opt(r.at),
      }))
    },
    agreements: announcingTransactions(
      prisma,
      (tx, announce): AgreementTx => ({
        announce,
        dueAgreements: (now, statuses, limit) =>
          tx.$queryRaw<EndingAgreement[]>`
            SELECT id, partner_id AS "partnerId", program_key AS "programKey", status::text AS status
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
      }),
      { timeout: 60_000, maxWait: 10_000 },
      onAnnounced,
    ),
  }
}
