import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type {
  BroadcastCounts,
  BroadcastRecord,
  ClaimedDelivery,
  ReportRow,
  TermsAnswerKind,
  TermsStore,
  TermsTx,
} from '../../ports/terms-store.ts'
import { opt } from './records.ts'

/** A term change's broadcast in the terms store (terms-store.ts): the broadcast, its deliveries and its report. */

type Tx = Prisma.TransactionClient

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

/** The broadcast and its deliveries, as a term change is published and the broadcast paused, resumed or ended. */
export function broadcastTx(
  tx: Tx,
): Pick<
  TermsTx,
  'insertBroadcast' | 'insertDeliveries' | 'lockBroadcast' | 'setBroadcastStatus' | 'unfinished' | 'toldPartners'
> {
  return {
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
    async toldPartners(broadcastId) {
      const rows = await tx.broadcastDelivery.findMany({
        where: { broadcastId, status: { in: ['sent', 'sending'] } },
        select: { partnerId: true },
      })
      return rows.map((r) => r.partnerId)
    },
  }
}

/**
 * Deliveries by status, the answers of the partners it was delivered to, and who it reached has not answered and can
 * still answer at `at`: as the core accepts an answer (terms.ts answeringEnrolment, answerTerms), an enrolment that is
 * an agreement (not an application, applied or declined) which has not ended (terminated, or its end date passed).
 */
async function counts(prisma: PrismaClient, broadcastId: string, at: Date): Promise<BroadcastCounts> {
  const [byStatus, answers, unanswered] = await Promise.all([
    prisma.broadcastDelivery.groupBy({ by: ['status'], where: { broadcastId }, _count: true }),
    prisma.$queryRaw<{ kind: string; n: bigint }[]>`
      SELECT a.kind::text AS kind, count(*) AS n
        FROM broadcasts b JOIN terms_answers a ON a.terms_version_id = b.terms_version_id
        JOIN broadcast_deliveries d ON d.broadcast_id = b.id AND d.partner_id = a.partner_id
       WHERE b.id = ${broadcastId}::uuid
       GROUP BY a.kind`,
    prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n
        FROM broadcasts b JOIN broadcast_deliveries d ON d.broadcast_id = b.id
       WHERE b.id = ${broadcastId}::uuid AND d.status = 'sent'
         AND EXISTS (SELECT 1 FROM enrolments e
                      WHERE e.partner_id = d.partner_id AND e.program_key = b.program_key
                        AND e.status::text NOT IN ('applied', 'declined', 'terminated')
                        AND (e.ends_at IS NULL OR e.ends_at > ${at}))
         AND NOT EXISTS (SELECT 1 FROM terms_answers a
                          WHERE a.terms_version_id = b.terms_version_id AND a.partner_id = d.partner_id)`,
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
    answeredBeforeDelivery: n('answered_before_delivery'),
    acknowledged: a('acknowledged'),
    objected: a('objected'),
    unanswered: Number(unanswered[0]?.n ?? 0),
  }
}

/**
 * Takes the next `n` pending deliveries (each once, whichever process asks) and marks them sending. A partner who
 * left the program (or erased their data) since it was published is no longer among those it is sent to: their
 * delivery is dropped, not sent (a paused or long broadcast reaches its partners days later); one who had answered
 * the change (an objection in /terms that ended their agreement) is kept as not sent, `answered_before_delivery` (not a
 * failure: they answered already), with the answer. One who answered it (in /terms) and is still in the program is
 * sent it with their answer, which the message then shows instead of asking for one.
 */
async function claim(prisma: PrismaClient, broadcastId: string, n: number, at: Date) {
  const claimed = await prisma.$queryRaw<
    {
      id: bigint
      partner_id: string
      telegram_id: bigint | null
      language: string
      attempts: number
      in_program: boolean
      applicant: boolean
      answer_kind: TermsAnswerKind | null
      answer_at: Date | null
    }[]
  >`
    WITH picked AS (
      SELECT id FROM broadcast_deliveries
       WHERE broadcast_id = ${broadcastId}::uuid AND status = 'pending'
       ORDER BY id LIMIT ${n} FOR UPDATE SKIP LOCKED)
    UPDATE broadcast_deliveries d SET status = 'sending', attempts = d.attempts + 1, updated_at = ${at}
      FROM picked JOIN broadcast_deliveries pd ON pd.id = picked.id
           JOIN partners p ON p.id = pd.partner_id JOIN broadcasts b ON b.id = pd.broadcast_id
           LEFT JOIN terms_answers a ON a.terms_version_id = b.terms_version_id AND a.partner_id = pd.partner_id
     WHERE d.id = picked.id
    RETURNING d.id, d.partner_id, p.telegram_id, p.language, d.attempts,
              (p.erased_at IS NULL AND EXISTS (
                 SELECT 1 FROM enrolments e
                  WHERE e.partner_id = d.partner_id AND e.program_key = b.program_key
                    AND e.status::text IN ('active', 'applied', 'blocked') AND (e.ends_at IS NULL OR e.ends_at > ${at})
              )) AS in_program,
              EXISTS (SELECT 1 FROM enrolments e
                       WHERE e.partner_id = d.partner_id AND e.program_key = b.program_key
                         AND e.status::text = 'applied') AS applicant,
              a.kind::text AS answer_kind, a.at AS answer_at`
  // one who answered the change before it reached them (in /terms: an objection that ended their agreement) keeps
  // their row, not sent and no failure: their answer stays in the broadcast's counts and report
  const gone = claimed.filter((r) => !r.in_program && !r.answer_kind).map((r) => r.id)
  if (gone.length) await prisma.$executeRaw`DELETE FROM broadcast_deliveries WHERE id = ANY(${gone}::bigint[])`
  const answered = claimed.filter((r) => !r.in_program && r.answer_kind).map((r) => r.id)
  if (answered.length)
    await prisma.$executeRaw`
      UPDATE broadcast_deliveries SET status = 'answered_before_delivery', last_error = NULL, updated_at = ${at}
       WHERE id = ANY(${answered}::bigint[])`
  const rows = claimed.filter((r) => r.in_program)
  // all of these had left: the next ones (an empty answer means none is left)
  if (!rows.length && claimed.length) return claim(prisma, broadcastId, n, at)
  return rows.map(
    (r): ClaimedDelivery => ({
      id: r.id,
      partnerId: r.partner_id,
      telegramId: opt(r.telegram_id),
      language: r.language,
      attempts: r.attempts,
      ...(r.applicant ? { applicant: true } : {}),
      ...(r.answer_kind && r.answer_at ? { answer: { kind: r.answer_kind, at: r.answer_at } } : {}),
    }),
  )
}

/** Every delivery with its partner and the partner's answer, in the order they were queued. */
async function report(prisma: PrismaClient, broadcastId: string): Promise<ReportRow[]> {
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
}

/** Broadcasts outside a transaction: what the desk reads, and the sender's claims and results. */
export function broadcastStore(
  prisma: PrismaClient,
): Pick<
  TermsStore,
  | 'broadcast'
  | 'broadcasts'
  | 'counts'
  | 'setBroadcastMessage'
  | 'claim'
  | 'finish'
  | 'requeueSending'
  | 'markUnreachable'
  | 'running'
  | 'report'
> {
  return {
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
    counts: (broadcastId, at) => counts(prisma, broadcastId, at),
    async setBroadcastMessage(id, channel, ts) {
      await prisma.broadcast.update({ where: { id }, data: { slackChannel: channel, slackTs: ts } })
    },
    claim: (broadcastId, n, at) => claim(prisma, broadcastId, n, at),
    async finish(id, status, at, info = {}) {
      await prisma.broadcastDelivery.update({
        where: { id },
        data: {
          status,
          updatedAt: at,
          // delivered: an error of an earlier try (a 429, a 5xx) is history, not what the report should show
          ...(status === 'sent'
            ? { sentAt: at, messageId: info.messageId === undefined ? null : BigInt(info.messageId), lastError: null }
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
    report: (broadcastId) => report(prisma, broadcastId),
  }
}
