import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts'
import type { Attachment } from '../../domain/disputes.ts'
import { UUID } from '../../domain/ids.ts'
import { restorableMinor as restorableOf } from '../../domain/ledger.ts'
import { shownOrderRef } from '../../domain/month-tiers.ts'
import { formatOf } from '../../domain/text-format.ts'
import type {
  DisputeContext,
  DisputeMessage,
  DisputeRecord,
  DisputeStore,
  DisputeSubjectItem,
  DisputeTx,
} from '../../ports/dispute-store.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { commissionPenaltySql, commissionRefundedSql, commissionRemainingSql } from './balances.ts'
import { opt, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient
type DisputeRow = Prisma.DisputeGetPayload<object>
type MessageRow = Prisma.DisputeMessageGetPayload<object>
const OPEN_STATUSES = ['open', 'claimed', 'awaiting_partner', 'escalated'] as const

const disputeRecord = (d: DisputeRow): DisputeRecord => ({
  id: d.id,
  number: d.number,
  partnerId: d.partnerId,
  programKey: d.programKey,
  subject: d.subject,
  subjectId: opt(d.subjectId),
  status: d.status,
  assignee: opt(d.assignee),
  answerBy: d.answerBy,
  termsId: opt(d.termsId),
  slackChannel: opt(d.slackChannel),
  slackTs: opt(d.slackTs),
  resolution: opt(d.resolution),
  resolvedAt: opt(d.resolvedAt),
  remindedAt: opt(d.remindedAt),
  overdueAt: opt(d.overdueAt),
  escalatedAt: opt(d.escalatedAt),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
})

const messageRecord = (m: MessageRow): DisputeMessage => ({
  id: m.id,
  disputeId: m.disputeId,
  author: m.author,
  authorRef: opt(m.authorRef),
  text: m.text,
  format: formatOf(m.format),
  attachments: (m.attachments ?? []) as unknown as Attachment[],
  source: m.source,
  sourceRef: m.sourceRef,
  createdAt: m.createdAt,
  slackTs: opt(m.slackTs),
  slackFiles: m.slackFiles ?? [],
})

function disputeTx(tx: Tx, announce: Announce): DisputeTx {
  return {
    announce,
    async lock(id) {
      if (!UUID.test(id)) return null
      const rows = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM disputes WHERE id = ${id}::uuid FOR NO KEY UPDATE`
      if (!rows.length) return null
      return disputeRecord(await tx.dispute.findUniqueOrThrow({ where: { id } }))
    },
    async insert(d) {
      return disputeRecord(await tx.dispute.create({ data: { ...d, updatedAt: d.createdAt } }))
    },
    async update(id, changes, at) {
      return disputeRecord(await tx.dispute.update({ where: { id }, data: { ...changes, updatedAt: at } }))
    },
    async addMessage(m) {
      // a duplicate (source, sourceRef) must not abort the transaction: insert only when new
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO dispute_messages
          (id, dispute_id, author, author_ref, text, format, attachments, source, source_ref, created_at)
        VALUES (gen_random_uuid(), ${m.disputeId}::uuid, ${m.author}::"MessageAuthor", ${m.authorRef ?? null}, ${m.text},
                ${JSON.stringify(m.format ?? [])}::jsonb, ${JSON.stringify(m.attachments)}::jsonb, ${m.source},
                ${m.sourceRef}, ${m.createdAt})
        ON CONFLICT (source, source_ref) DO NOTHING
        RETURNING id`
      if (!rows.length) return null
      return { ...m, id: rows[0]!.id }
    },
    async messageBySource(source, sourceRef) {
      const m = await tx.disputeMessage.findUnique({ where: { source_sourceRef: { source, sourceRef } } })
      return m && messageRecord(m)
    },
    audit: (a) => writeAudit(tx, a),
  }
}

export function prismaDisputeStore(prisma: PrismaClient, onAnnounced?: () => void): DisputeStore {
  return {
    transaction: announcingTransactions(prisma, disputeTx, { timeout: 30_000, maxWait: 10_000 }, onAnnounced),
    async byId(id) {
      if (!UUID.test(id)) return null
      const d = await prisma.dispute.findUnique({ where: { id } })
      return d && disputeRecord(d)
    },
    async byNumber(number) {
      if (!Number.isSafeInteger(number) || number < 1 || number > 2 ** 31 - 1) return null
      const d = await prisma.dispute.findUnique({ where: { number } })
      return d && disputeRecord(d)
    },
    async byThread(channel, ts) {
      const d = await prisma.dispute.findFirst({ where: { slackChannel: channel, slackTs: ts } })
      return d && disputeRecord(d)
    },
    async ofPartner(partnerId, limit) {
      if (!UUID.test(partnerId)) return []
      const rows = await prisma.dispute.findMany({ where: { partnerId }, orderBy: { createdAt: 'desc' }, take: limit })
      return rows.map(disputeRecord)
    },
    async queue(limit) {
      const rows = await prisma.dispute.findMany({
        where: { status: { in: [...OPEN_STATUSES] } },
        orderBy: [{ answerBy: 'asc' }, { number: 'asc' }],
        take: limit,
      })
      return rows.map(disputeRecord)
    },
    openCount: () => prisma.dispute.count({ where: { status: { in: [...OPEN_STATUSES] } } }),
    async due(now, remindBeforeMs, limit) {
      const rows = await prisma.dispute.findMany({
        where: {
          status: { in: [...OPEN_STATUSES] },
          OR: [
            { remindedAt: null, answerBy: { lte: new Date(now.getTime() + remindBeforeMs) } },
            { overdueAt: null, answerBy: { lte: now } },
          ],
        },
        orderBy: { answerBy: 'asc' },
        take: limit,
      })
      return rows.map(disputeRecord)
    },
    async messages(disputeId) {
      const rows = await prisma.disputeMessage.findMany({ where: { disputeId }, orderBy: { createdAt: 'asc' } })
      return rows.map(messageRecord)
    },
    async message(id) {
      if (!UUID.test(id)) return null
      const m = await prisma.disputeMessage.findUnique({ where: { id } })
      return m && messageRecord(m)
    },
    async recordDeskCopy(messageId, copy) {
      const data = 'ts' in copy ? { slackTs: copy.ts } : { slackFiles: { push: copy.file } }
      await prisma.disputeMessage.update({ where: { id: messageId }, data })
    },
    subjectsOf: (partnerId, limit, programKey) => subjectsOf(prisma, partnerId, limit, undefined, programKey),
    async subject(partnerId, kind, id) {
      return (await subjectsOf(prisma, partnerId, 1, { kind, id }))[0] ?? null
    },
    async termsInForce(programKey, at) {
      const v = await prisma.termsVersion.findFirst({
        where: { programKey, publishedAt: { not: null }, withdrawnAt: null, effectiveAt: { lte: at } },
        orderBy: { version: 'desc' },
        select: { id: true, version: true },
      })
      return v
    },
    context: (d) => context(prisma, d),
  }
}

/** Decisions a partner is likely to contest come before the routine ones in the bot's list. */
const CONTESTED = new Set(['rejected', 'reversed', 'annulled', 'held', 'needs_review', 'active'])

async function subjectsOf(
  prisma: PrismaClient,
  partnerId: string,
  limit: number,
  only?: { kind: string; id: string },
  programKey?: string,
) {
  if (!UUID.test(partnerId)) return []
  const take = only ? 1 : limit * 4
  const enrolment = programKey ? { partnerId, programKey } : { partnerId }
  const byId = only && UUID.test(only.id) ? { id: only.id } : only ? { id: '00000000-0000-0000-0000-000000000000' } : {}
  const [commissions, payouts, sanctions] = await Promise.all([
    !only || only.kind === 'commission'
      ? prisma.commission.findMany({
          where: { enrolment, ...byId },
          include: { customer: { select: { externalId: true } } },
          orderBy: { createdAt: 'desc' },
          take,
        })
      : [],
    !only || only.kind === 'payout'
      ? prisma.payoutRequest.findMany({
          where: { enrolment, ...byId },
          orderBy: { createdAt: 'desc' },
          take,
        })
      : [],
    !only || only.kind === 'sanction'
      ? prisma.sanction.findMany({
          where: { enrolment, ...byId },
          include: { enrolment: { select: { programKey: true } } },
          orderBy: { createdAt: 'desc' },
          take,
        })
      : [],
  ])
  const items: (DisputeSubjectItem & { availableAt?: Date; orderRef?: string })[] = [
    ...commissions.map((c) => ({
      subject: 'commission' as const,
      id: c.id,
      programKey: c.programKey,
      // dated as the statement dates it: when its sale happened, not when a late postback reported it
      at: c.occurredAt ?? c.createdAt,
      currency: c.currency,
      amountMinor: c.amountMinor,
      status: c.status,
      reason: opt(c.reason),
      detail: c.rule,
      availableAt: opt(c.availableAt),
      orderRef: shownOrderRef(c.rule, c.orderRef),
      customerRef: opt(c.customer?.externalId),
    })),
    ...payouts.map((p) => ({
      subject: 'payout' as const,
      id: p.id,
      programKey: p.programKey,
      at: p.createdAt,
      currency: p.currency,
      amountMinor: p.grossMinor,
      status: p.status,
      reason: opt(p.reason),
      detail: p.method,
    })),
    ...sanctions.map((s) => ({
      subject: 'sanction' as const,
      id: s.id,
      programKey: s.enrolment.programKey,
      at: s.createdAt,
      status: s.liftedAt ? 'lifted' : 'active',
      reason: s.reason,
      detail: s.kind,
    })),
  ]
  if (only) return items
  // per kind: contested first, then the newest, at most `limit`
  const pick = (kind: string) =>
    items
      .filter((i) => i.subject === kind)
      .sort(
        (a, b) => Number(CONTESTED.has(b.status)) - Number(CONTESTED.has(a.status)) || b.at.getTime() - a.at.getTime(),
      )
      .slice(0, limit)
  return [...pick('commission'), ...pick('payout'), ...pick('sanction')]
}

/**
 * What restoring this commission would give back now, and the penalty charged with it that would come back with it:
 * from its postings, as the restore itself reads them.
 */
async function restorable(prisma: PrismaClient, c: { id: string; amountMinor?: bigint; reason?: string }) {
  const [row] = await prisma.$queryRaw<{ remaining: bigint; refunded: bigint; penalty: bigint }[]>`
    SELECT ${Prisma.raw(commissionRemainingSql('c'))} AS remaining, ${Prisma.raw(commissionRefundedSql('c'))} AS refunded,
           ${Prisma.raw(commissionPenaltySql('c'))} AS penalty
    FROM commissions c WHERE c.id = ${c.id}::uuid`
  if (!row || c.amountMinor === undefined) return {}
  const restorableMinor = restorableOf({
    amountMinor: c.amountMinor,
    remainingMinor: row.remaining,
    refundedMinor: row.refunded,
    reason: c.reason,
  })
  return { restorableMinor, penaltyMinor: row.penalty > 0n ? row.penalty : 0n }
}

async function context(prisma: PrismaClient, d: DisputeRecord): Promise<DisputeContext> {
  const [partner, enrolment, program, terms, items, disputes, sanctions, flags, refusals] = await Promise.all([
    prisma.partner.findUniqueOrThrow({ where: { id: d.partnerId } }),
    prisma.enrolment.findUnique({
      where: { partnerId_programKey: { partnerId: d.partnerId, programKey: d.programKey } },
    }),
    prisma.program.findUniqueOrThrow({ where: { key: d.programKey }, select: { revision: true } }),
    d.termsId ? prisma.termsVersion.findUnique({ where: { id: d.termsId }, select: { version: true } }) : null,
    d.subjectId && d.subject !== 'other'
      ? subjectsOf(prisma, d.partnerId, 1, { kind: d.subject, id: d.subjectId })
      : Promise.resolve([]),
    prisma.dispute.groupBy({ by: ['status'], where: { partnerId: d.partnerId, id: { not: d.id } }, _count: true }),
    prisma.sanction.count({ where: { enrolment: { partnerId: d.partnerId } } }),
    prisma.reviewFlag.findMany({
      where: { enrolment: { partnerId: d.partnerId, programKey: d.programKey }, resolvedAt: null },
      select: { kind: true },
    }),
    // fraud and quality refusals of this partner's commissions in the program
    prisma.commission.groupBy({
      by: ['reason'],
      where: {
        enrolment: { partnerId: d.partnerId, programKey: d.programKey },
        status: { in: ['rejected', 'held', 'reversed'] },
        reason: { not: null },
      },
      _count: true,
    }),
  ])
  const count = (s: string) => disputes.find((g) => g.status === s)?._count ?? 0
  const item = items[0]
  return {
    partner: {
      id: partner.id,
      name: opt(partner.name),
      telegramUsername: opt(partner.telegramUsername),
      language: partner.language,
      legalType: partner.legalType,
      country: opt(partner.country),
      erased: partner.erasedAt !== null,
    },
    enrolment: enrolment
      ? {
          status: enrolment.status,
          registeredAt: enrolment.registeredAt,
          acceptedTermsAt: opt(enrolment.acceptedTermsAt),
        }
      : undefined,
    item: item?.subject === 'commission' ? { ...item, ...(await restorable(prisma, item)) } : item,
    terms: { version: terms?.version, revision: program.revision },
    flags: [...flags.map((f) => f.kind), ...refusals.map((r) => `${r.reason} ×${r._count}`)],
    history: {
      disputes: disputes.reduce((n, g) => n + g._count, 0),
      upheld: count('upheld'),
      rejected: count('rejected'),
      sanctions,
    },
  }
}
