import type { PrismaClient } from '../../../generated/prisma/client.ts'
import type { QueueContext, QueueItem, QueueKey, QueueReader, QueueSummary } from '../../ports/queues.ts'
import { HELD_FOR_REVIEW, opt } from './records.ts'

const who = { select: { partnerId: true, programKey: true, partner: { select: { name: true } } } } as const
type Who = { partnerId: string; programKey: string; partner: { name: string | null } }
const whose = (e: Who) => ({ partnerId: e.partnerId, partnerName: opt(e.partner.name), programKey: e.programKey })

const OPEN_DISPUTES = ['open', 'claimed', 'awaiting_partner', 'escalated'] as const
const WAITING_PAYOUTS = ['requested', 'needs_review'] as const

type Reader = (prisma: PrismaClient, take: number, ctx: QueueContext) => Promise<[number, QueueItem[]]>

/** A queue's condition, of one program when the reader is asked for one (on the row, or on its enrolment). */
const ofProgram = <W extends object>(where: W, ctx: QueueContext) =>
  ctx.programKey === undefined ? where : { ...where, programKey: ctx.programKey }
const ofEnrolled = <W extends object>(where: W, ctx: QueueContext) =>
  ctx.programKey === undefined ? where : { ...where, enrolment: { programKey: ctx.programKey } }

/** A raw queue read: its rows carry the queue's total (`count(*) OVER ()`), zero when there is no row. */
async function counted<R extends { total: number }>(rows: Promise<R[]>, item: (r: R) => QueueItem) {
  const list = await rows
  return [list[0]?.total ?? 0, list.map(item)] as [number, QueueItem[]]
}

interface DetailsRow {
  total: number
  partner_id: string
  program_key: string
  name: string | null
  details_id: string
  method: string
  mask: string
  created_at: Date
}

/**
 * Payment details awaiting agreement: an active partner of a program that pays a method only to agreed details,
 * not agreed, whose current details of that method finance has not asked to change (the details card's decision,
 * details-agreement.ts, is audited with the details' id). Enrolments by (program, status), details by (partner,
 * method), the audit by (subject).
 */
const DETAILS_AWAITING = `
  SELECT count(*) OVER ()::int AS total, e.partner_id::text, e.program_key, p.name, cur.id::text AS details_id,
         n.method, cur.mask, cur.created_at
  FROM unnest($1::text[], $2::text[]) AS n(program_key, method)
  JOIN enrolments e ON e.program_key = n.program_key AND e.status = 'active' AND NOT e.payment_details_agreed
  JOIN partners p ON p.id = e.partner_id
  CROSS JOIN LATERAL (
    SELECT d.id, d.mask, d.created_at FROM payment_details d
    WHERE d.partner_id = e.partner_id AND d.method::text = n.method AND d.revoked_at IS NULL
    ORDER BY d.created_at DESC LIMIT 1) cur
  WHERE NOT EXISTS (
    SELECT 1 FROM audit_log a
    WHERE a.subject_type = 'partner' AND a.subject_id = e.partner_id::text
      AND a.action = 'payment_details.changes_requested'
      AND a.data->>'detailsId' = cur.id::text AND a.data->>'program' = e.program_key)
  ORDER BY cur.created_at, cur.id
  LIMIT $3`

interface ObjectionRow {
  total: number
  id: string
  partner_id: string
  program_key: string
  name: string | null
  version: number
  at: Date
}

/** Term-change objections to a version not yet in force: what an admin may still talk over with the partner. */
const OBJECTIONS = `
  SELECT count(*) OVER ()::int AS total, a.id::text, a.partner_id::text, v.program_key, p.name, v.version, a.at
  FROM terms_versions v
  JOIN terms_answers a ON a.terms_version_id = v.id AND a.kind = 'objected'
  JOIN partners p ON p.id = a.partner_id
  WHERE v.effective_at > $1 AND ($3::text IS NULL OR v.program_key = $3)
  ORDER BY a.at, a.id
  LIMIT $2`

/** Each queue: its count and oldest items, on indexed columns (status + date). */
const READERS: Record<QueueKey, Reader> = {
  applications: (p, take, ctx) =>
    Promise.all([
      p.enrolment.count({ where: ofProgram({ status: 'applied' as const }, ctx) }),
      p.enrolment
        .findMany({
          where: ofProgram({ status: 'applied' as const }, ctx),
          select: { id: true, registeredAt: true, ...who.select },
          orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) => rows.map((e) => ({ id: e.id, ...whose(e), at: e.registeredAt }))),
    ]),
  held_commissions: (p, take, ctx) =>
    Promise.all([
      p.commission.count({ where: ofProgram(HELD_FOR_REVIEW, ctx) }),
      p.commission
        .findMany({
          where: ofProgram(HELD_FOR_REVIEW, ctx),
          include: { enrolment: who },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) =>
          rows.map((c) => ({
            id: c.id,
            ...whose(c.enrolment),
            amountMinor: c.amountMinor,
            currency: c.currency,
            at: c.createdAt,
            kind: opt(c.reason),
          })),
        ),
    ]),
  review_flags: (p, take, ctx) =>
    Promise.all([
      p.reviewFlag.count({ where: ofEnrolled({ resolvedAt: null }, ctx) }),
      p.reviewFlag
        .findMany({
          where: ofEnrolled({ resolvedAt: null }, ctx),
          include: { enrolment: who },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) => rows.map((f) => ({ id: f.id, ...whose(f.enrolment), at: f.createdAt, kind: f.kind }))),
    ]),
  payouts: (p, take, ctx) =>
    Promise.all([
      p.payoutRequest.count({ where: ofProgram({ status: { in: [...WAITING_PAYOUTS] } }, ctx) }),
      p.payoutRequest
        .findMany({
          where: ofProgram({ status: { in: [...WAITING_PAYOUTS] } }, ctx),
          include: { enrolment: who },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) =>
          rows.map((r) => ({
            id: r.id,
            ...whose(r.enrolment),
            amountMinor: r.grossMinor,
            currency: r.currency,
            at: r.createdAt,
            kind: r.status,
          })),
        ),
    ]),
  disputes: (p, take, ctx) =>
    Promise.all([
      p.dispute.count({ where: ofProgram({ status: { in: [...OPEN_DISPUTES] } }, ctx) }),
      p.dispute
        .findMany({
          where: ofProgram({ status: { in: [...OPEN_DISPUTES] } }, ctx),
          include: { partner: { select: { name: true } } },
          orderBy: [{ answerBy: 'asc' }, { number: 'asc' }],
          take,
        })
        .then((rows) =>
          rows.map((d) => ({
            id: d.id,
            partnerId: d.partnerId,
            partnerName: opt(d.partner.name),
            programKey: d.programKey,
            at: d.answerBy,
            kind: d.status,
            number: d.number,
          })),
        ),
    ]),
  payment_details: (p, take, ctx) => {
    const pairs = ctx.agreedMethods.flatMap((x) => x.methods.map((m) => [x.programKey, m] as const))
    if (!pairs.length) return Promise.resolve([0, []])
    return counted(
      p.$queryRawUnsafe<DetailsRow[]>(
        DETAILS_AWAITING,
        pairs.map((x) => x[0]),
        pairs.map((x) => x[1]),
        take,
      ),
      (r) => ({
        id: r.details_id,
        partnerId: r.partner_id,
        partnerName: opt(r.name),
        programKey: r.program_key,
        at: r.created_at,
        kind: r.method,
        detailsId: r.details_id,
        mask: r.mask,
      }),
    )
  },
  terms_objections: (p, take, ctx) =>
    counted(p.$queryRawUnsafe<ObjectionRow[]>(OBJECTIONS, ctx.now, take, ctx.programKey ?? null), (r) => ({
      id: r.id,
      partnerId: r.partner_id,
      partnerName: opt(r.name),
      programKey: r.program_key,
      at: r.at,
      version: r.version,
    })),
  referee_bonuses: (p, take, ctx) =>
    Promise.all([
      p.refereeBonus.count({ where: ofProgram({ status: 'owed' as const }, ctx) }),
      p.refereeBonus
        .findMany({
          where: ofProgram({ status: 'owed' as const }, ctx),
          include: { enrolment: who },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) =>
          rows.map((b) => ({
            id: b.id,
            ...whose(b.enrolment),
            amountMinor: b.amountMinor,
            currency: b.currency,
            at: b.createdAt,
          })),
        ),
    ]),
}

/** The desk's queues on Prisma: a count and the oldest items per queue. */
export function prismaQueueReader(prisma: PrismaClient): QueueReader {
  return {
    async overview(keys, limit, ctx) {
      const out: QueueSummary[] = []
      for (const key of keys) {
        const [count, oldest] = await READERS[key](prisma, limit, ctx)
        out.push({ key, count, oldest })
      }
      return out
    },
  }
}
