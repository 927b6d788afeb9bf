import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import { PARTNER_ACCOUNTS } from '../../domain/ledger.ts'
import { RESERVED } from '../../domain/payouts.ts'
import type {
  PartnerCandidate,
  PartnerLookupStore,
  PartnerProfileRecord,
  PartnerQuery,
  ProfileSanction,
} from '../../ports/partner-lookup.ts'
import { applicationCards } from './application-cards.ts'
import { HELD_FOR_REVIEW, opt } from './records.ts'
import { sanctionRecord } from './sanctions.ts'

function where(q: PartnerQuery) {
  switch (q.by) {
    case 'id':
      return UUID.test(q.id) ? { id: q.id } : undefined
    case 'username':
      return { telegramUsername: { equals: q.username, mode: 'insensitive' as const } }
    case 'telegram':
      return { telegramId: q.telegramId }
    case 'code':
      // codes are shown exactly as issued, but people retype them: an exact match first, else any case
      return undefined
  }
}

async function candidates(prisma: PrismaClient, partnerWhere: object, limit: number): Promise<PartnerCandidate[]> {
  const rows = await prisma.partner.findMany({
    where: partnerWhere,
    take: limit,
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, telegramUsername: true, enrolments: { select: { programKey: true } } },
  })
  return rows.map((p) => ({
    id: p.id,
    name: opt(p.name),
    telegramUsername: opt(p.telegramUsername),
    programs: p.enrolments.map((e) => e.programKey),
  }))
}

async function find(prisma: PrismaClient, q: PartnerQuery, limit: number): Promise<PartnerCandidate[]> {
  if (q.by !== 'code') {
    const w = where(q)
    return w ? candidates(prisma, w, limit) : []
  }
  const exact = await prisma.referralCode.findUnique({ where: { code: q.code }, select: { enrolment: true } })
  if (exact) return candidates(prisma, { id: exact.enrolment.partnerId }, 1)
  const loose = await prisma.referralCode.findMany({
    where: { code: { equals: q.code, mode: 'insensitive' } },
    take: limit,
    select: { enrolment: { select: { partnerId: true } } },
  })
  const ids = [...new Set(loose.map((c) => c.enrolment.partnerId))]
  return ids.length ? candidates(prisma, { id: { in: ids } }, limit) : []
}

const profilePartner = (prisma: PrismaClient, partnerId: string) =>
  prisma.partner.findUnique({
    where: { id: partnerId },
    include: {
      enrolments: {
        orderBy: { createdAt: 'asc' },
        include: {
          codes: { orderBy: { createdAt: 'asc' }, include: { campaign: { select: { key: true } } } },
          sanctions: { orderBy: { createdAt: 'desc' }, take: 10 },
        },
      },
    },
  })
type ProfilePartner = NonNullable<Awaited<ReturnType<typeof profilePartner>>>

type SanctionRow = Prisma.SanctionGetPayload<object>

const profileSanction = (p: ProfilePartner, s: SanctionRow): ProfileSanction => {
  const programKey = p.enrolments.find((e) => e.id === s.enrolmentId)?.programKey ?? ''
  const {
    enrolmentId: _e,
    partnerId: _p,
    ...rest
  } = sanctionRecord({ ...s, enrolment: { partnerId: p.id, programKey } })
  return rest
}

/** The ten newest sanctions over all the partner's programs. */
const profileSanctions = (p: ProfilePartner): ProfileSanction[] =>
  p.enrolments
    .flatMap((e) => e.sanctions.map((s) => profileSanction(p, s)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, 10)

/** At most this many of the liftable sanctions in force of each group (blocks and code suspensions; warnings). */
const IN_FORCE_MAX = 100

/**
 * The sanctions in force a lift applies to, apart from the history (which ten newer warnings would fill): blocks
 * and code suspensions first, then warnings, newest first within each.
 */
async function sanctionsInForce(prisma: PrismaClient, p: ProfilePartner) {
  const enrolmentId = { in: p.enrolments.map((e) => e.id) }
  const newest = [{ createdAt: 'desc' as const }, { id: 'desc' as const }]
  const [severe, warnings] = await Promise.all([
    prisma.sanction.findMany({
      where: { enrolmentId, liftedAt: null, kind: { in: ['block', 'suspend_codes'] } },
      orderBy: [{ kind: 'desc' }, ...newest],
      take: IN_FORCE_MAX,
    }),
    prisma.sanction.findMany({
      where: { enrolmentId, liftedAt: null, kind: 'warning' },
      orderBy: newest,
      take: IN_FORCE_MAX,
    }),
  ])
  return [...severe, ...warnings].map((s) => profileSanction(p, s))
}

function profileRecord(
  p: ProfilePartner,
  entries: Prisma.LedgerEntryGetPayload<object>[],
  payouts: Prisma.PayoutRequestGetPayload<object>[],
  flags: Prisma.ReviewFlagGetPayload<object>[],
  held: HeldRow[],
  inForce: ProfileSanction[],
): PartnerProfileRecord {
  const programOf = new Map(p.enrolments.map((e) => [e.id, e.programKey]))
  return {
    id: p.id,
    name: opt(p.name),
    telegramUsername: opt(p.telegramUsername),
    hasTelegram: p.telegramId !== null,
    language: p.language,
    legalType: p.legalType,
    country: opt(p.country),
    unreachable: p.unreachableAt !== null,
    erased: p.erasedAt !== null,
    createdAt: p.createdAt,
    enrolments: p.enrolments.map((e) => ({
      programKey: e.programKey,
      status: e.status,
      registeredAt: e.registeredAt,
      payoutHoldUntil: opt(e.payoutHoldUntil),
      payoutHoldReason: opt(e.payoutHoldReason),
      payoutsBlockedReason: opt(e.payoutsBlockedReason),
      endsAt: opt(e.endsAt),
      endReason: opt(e.endReason),
      paymentDetailsAgreed: e.paymentDetailsAgreed,
      answers: (e.answers ?? {}) as Record<string, string | boolean>,
      codes: e.codes.map((c) => ({ code: c.code, status: c.status, campaignKey: c.campaign?.key })),
    })),
    sanctions: profileSanctions(p),
    inForce,
    recent: entries.map((l) => ({
      journal: l.journal,
      programKey: programOf.get(l.enrolmentId) ?? l.programKey,
      currency: l.currency,
      amountMinor: l.amountMinor,
      account: l.account,
      kind: l.kind,
      reason: opt(l.reason),
      at: l.createdAt,
    })),
    openFlags: flags.map((f) => ({
      id: f.id,
      programKey: programOf.get(f.enrolmentId) ?? '',
      kind: f.kind,
      details: (f.details ?? {}) as Record<string, unknown>,
      createdAt: f.createdAt,
    })),
    held: held.map((c) => ({
      id: c.id,
      programKey: c.programKey,
      currency: c.currency,
      amountMinor: c.amountMinor,
      reason: opt(c.reason),
      occurredAt: c.event.occurredAt,
      customer: opt(c.customer?.externalId ?? null),
    })),
    openPayouts: payouts.map((x) => ({
      id: x.id,
      programKey: x.programKey,
      status: x.status,
      currency: x.currency,
      grossMinor: x.grossMinor,
    })),
  }
}

const HELD_INCLUDE = {
  event: { select: { occurredAt: true } },
  customer: { select: { externalId: true } },
} as const
type HeldRow = Prisma.CommissionGetPayload<{ include: typeof HELD_INCLUDE }>

/** A partner's whole standing: its programs, codes and sanctions, its newest entries and its open payouts. */
async function profile(prisma: PrismaClient, partnerId: string, recent: number) {
  if (!UUID.test(partnerId)) return null
  const p = await profilePartner(prisma, partnerId)
  if (!p) return null
  const enrolmentIds = p.enrolments.map((e) => e.id)
  const [entries, payouts, flags, held, inForce] = await Promise.all([
    prisma.ledgerEntry.findMany({
      where: { enrolmentId: { in: enrolmentIds }, account: { in: [...PARTNER_ACCOUNTS] } },
      orderBy: { id: 'desc' },
      take: recent,
    }),
    prisma.payoutRequest.findMany({
      where: { enrolmentId: { in: enrolmentIds }, status: { in: RESERVED } },
      orderBy: { createdAt: 'asc' },
      take: 20,
    }),
    prisma.reviewFlag.findMany({
      where: { enrolmentId: { in: enrolmentIds }, resolvedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 10,
    }),
    prisma.commission.findMany({
      where: { enrolmentId: { in: enrolmentIds }, ...HELD_FOR_REVIEW },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 10,
      include: HELD_INCLUDE,
    }),
    sanctionsInForce(prisma, p),
  ])
  return profileRecord(p, entries, payouts, flags, held, inForce)
}

async function payoutParty(prisma: PrismaClient, payoutId: string) {
  if (!UUID.test(payoutId)) return null
  const row = await prisma.payoutRequest.findUnique({
    where: { id: payoutId },
    select: {
      slackChannel: true,
      slackTs: true,
      enrolment: {
        select: {
          status: true,
          partner: { select: { id: true, name: true, telegramUsername: true, erasedAt: true } },
        },
      },
    },
  })
  if (!row) return null
  const partner = row.enrolment.partner
  return {
    partner: {
      id: partner.id,
      name: opt(partner.name),
      telegramUsername: opt(partner.telegramUsername),
      erased: partner.erasedAt !== null,
    },
    enrolmentStatus: row.enrolment.status,
    ...(row.slackChannel && row.slackTs ? { card: { channel: row.slackChannel, ts: row.slackTs } } : {}),
  }
}

/** The finance desk's cards: where they were posted, and which payouts wait for one. */
function deskCards(
  prisma: PrismaClient,
): Pick<PartnerLookupStore, 'batchCard' | 'setPayoutCard' | 'setBatchCard' | 'carded' | 'awaitingDecision'> {
  return {
    async batchCard(batchId) {
      if (!UUID.test(batchId)) return null
      const b = await prisma.payoutBatch.findUnique({
        where: { id: batchId },
        select: { slackChannel: true, slackTs: true },
      })
      return b?.slackChannel && b.slackTs ? { channel: b.slackChannel, ts: b.slackTs } : null
    },
    async setPayoutCard(payoutId, card) {
      const r = await prisma.payoutRequest.updateMany({
        where: { id: payoutId, slackTs: null },
        data: { slackChannel: card.channel, slackTs: card.ts },
      })
      return r.count === 1
    },

    async setBatchCard(batchId, card) {
      const r = await prisma.payoutBatch.updateMany({
        where: { id: batchId, slackTs: null },
        data: { slackChannel: card.channel, slackTs: card.ts },
      })
      return r.count === 1
    },

    async carded(batchId) {
      const rows = await prisma.payoutRequest.findMany({
        where: { batchId, slackTs: { not: null } },
        select: { id: true },
      })
      return rows.map((r) => r.id)
    },

    async awaitingDecision(onRequestPrograms, limit) {
      const where = {
        OR: [
          { status: 'needs_review' as const },
          { status: 'requested' as const, programKey: { in: onRequestPrograms } },
        ],
      }
      const [rows, total] = await Promise.all([
        prisma.payoutRequest.findMany({
          where,
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: limit,
          select: { id: true },
        }),
        prisma.payoutRequest.count({ where }),
      ])
      return { ids: rows.map((r) => r.id), total }
    },
  }
}

/** The Slack desk's reads: partners by id, username or code, a partner's whole standing, and card references. */
export function prismaPartnerLookup(prisma: PrismaClient): PartnerLookupStore {
  return {
    find: (q, limit) => find(prisma, q, limit),
    profile: (partnerId, recent) => profile(prisma, partnerId, recent),
    payoutParty: (payoutId) => payoutParty(prisma, payoutId),
    ...deskCards(prisma),
    ...applicationCards(prisma),
  }
}
