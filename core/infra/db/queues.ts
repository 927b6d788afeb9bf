import type { PrismaClient } from '../../../generated/prisma/client.ts'
import type { QueueItem, QueueKey, QueueReader, QueueSummary } from '../../ports/queues.ts'
import { opt } from './records.ts'

const who = { select: { partnerId: true, programKey: true, partner: { select: { name: true } } } } as const
type Who = { partnerId: string; programKey: string; partner: { name: string | null } }
const whose = (e: Who) => ({ partnerId: e.partnerId, partnerName: opt(e.partner.name), programKey: e.programKey })

const OPEN_DISPUTES = ['open', 'claimed', 'awaiting_partner', 'escalated'] as const
const WAITING_PAYOUTS = ['requested', 'needs_review'] as const

type Reader = (prisma: PrismaClient, take: number) => Promise<[number, QueueItem[]]>

/** Each queue: its count and oldest items, on indexed columns (status + date). */
const READERS: Record<QueueKey, Reader> = {
  applications: (p, take) =>
    Promise.all([
      p.enrolment.count({ where: { status: 'applied' } }),
      p.enrolment
        .findMany({
          where: { status: 'applied' },
          select: { id: true, registeredAt: true, ...who.select },
          orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) => rows.map((e) => ({ id: e.id, ...whose(e), at: e.registeredAt }))),
    ]),
  held_commissions: (p, take) =>
    Promise.all([
      p.commission.count({ where: { status: 'held' } }),
      p.commission
        .findMany({
          where: { status: 'held' },
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
  review_flags: (p, take) =>
    Promise.all([
      p.reviewFlag.count({ where: { resolvedAt: null } }),
      p.reviewFlag
        .findMany({
          where: { resolvedAt: null },
          include: { enrolment: who },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take,
        })
        .then((rows) => rows.map((f) => ({ id: f.id, ...whose(f.enrolment), at: f.createdAt, kind: f.kind }))),
    ]),
  payouts: (p, take) =>
    Promise.all([
      p.payoutRequest.count({ where: { status: { in: [...WAITING_PAYOUTS] } } }),
      p.payoutRequest
        .findMany({
          where: { status: { in: [...WAITING_PAYOUTS] } },
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
  disputes: (p, take) =>
    Promise.all([
      p.dispute.count({ where: { status: { in: [...OPEN_DISPUTES] } } }),
      p.dispute
        .findMany({
          where: { status: { in: [...OPEN_DISPUTES] } },
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
  referee_bonuses: (p, take) =>
    Promise.all([
      p.refereeBonus.count({ where: { status: 'owed' } }),
      p.refereeBonus
        .findMany({
          where: { status: 'owed' },
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
    async overview(keys, limit) {
      const out: QueueSummary[] = []
      for (const key of keys) {
        const [count, oldest] = await READERS[key](prisma, limit)
        out.push({ key, count, oldest })
      }
      return out
    },
  }
}
