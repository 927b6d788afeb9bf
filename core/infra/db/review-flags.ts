import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { ReviewFlagRecord, ReviewFlagStore } from '../../ports/review-flags.ts'
import { opt, writeAudit } from './records.ts'

/** Rows per INSERT: well under PostgreSQL's 65535 bind parameters. */
const CHUNK = 1000

const flagInclude = { enrolment: { select: { partnerId: true, programKey: true } } } as const

/**
 * A flag resolved in the caller's transaction, once (compare-and-set on resolved_at; a concurrent decision waits
 * for this transaction and then finds it resolved), audited; null when it was resolved already or is unknown.
 */
export async function resolveFlagIn(
  tx: Prisma.TransactionClient,
  id: string,
  d: { resolution: string; actor: string; at: Date; note?: string; enrolmentId?: string },
): Promise<ReviewFlagRecord | null> {
  if (!UUID.test(id)) return null
  const won = await tx.reviewFlag.updateMany({
    // with an enrolment, only a flag of that enrolment (a sanction decides its own program's flag)
    where: { id, resolvedAt: null, ...(d.enrolmentId ? { enrolmentId: d.enrolmentId } : {}) },
    data: { resolvedAt: d.at, resolvedBy: d.actor, resolution: d.resolution },
  })
  if (won.count !== 1) return null
  const f = flagRecord(await tx.reviewFlag.findUniqueOrThrow({ where: { id }, include: flagInclude }))
  await writeAudit(tx, {
    at: d.at,
    actor: d.actor,
    action: `flag.resolve.${f.kind}`,
    subjectType: 'partner',
    subjectId: f.partnerId,
    reason: d.resolution,
    data: { flag: f.id, program: f.programKey, subject: f.subject, ...(d.note ? { note: d.note } : {}) },
  })
  return f
}

const flagRecord = (f: Prisma.ReviewFlagGetPayload<{ include: typeof flagInclude }>): ReviewFlagRecord => ({
  id: f.id,
  enrolmentId: f.enrolmentId,
  partnerId: f.enrolment.partnerId,
  programKey: f.enrolment.programKey,
  kind: f.kind as ReviewFlagRecord['kind'],
  subject: f.subject,
  details: (f.details ?? {}) as Record<string, unknown>,
  createdAt: f.createdAt,
  resolvedAt: opt(f.resolvedAt),
  resolvedBy: opt(f.resolvedBy),
  resolution: opt(f.resolution),
})

export function prismaReviewFlagStore(prisma: PrismaClient): ReviewFlagStore {
  return {
    async newUsersPerEnrolment(programKey, from, to, registeredBefore) {
      // one pass over the (enrolment_id, qualified_at) index per enrolment; erased partners are not reviewed
      const rows = await prisma.$queryRaw<{ enrolment_id: string; partner_id: string; new_users: number }[]>`
        SELECT e.id AS enrolment_id, e.partner_id,
               (SELECT count(*) FROM customers c
                 WHERE c.enrolment_id = e.id AND c.ineligible IS NULL
                   AND c.qualified_at >= ${from} AND c.qualified_at < ${to})::int AS new_users
        FROM enrolments e
        JOIN partners p ON p.id = e.partner_id
        WHERE e.program_key = ${programKey} AND e.status = 'active'
          AND e.registered_at <= ${registeredBefore} AND p.erased_at IS NULL
        ORDER BY e.registered_at, e.id`
      return rows.map((r) => ({ enrolmentId: r.enrolment_id, partnerId: r.partner_id, newUsers: r.new_users }))
    },

    async insertFlags(flags) {
      if (!flags.length) return 0
      const byKey = new Map(flags.map((f) => [`${f.enrolmentId}/${f.kind}/${f.subject}`, f]))
      return prisma.$transaction(
        async (tx) => {
          let inserted = 0
          for (let i = 0; i < flags.length; i += CHUNK) {
            // ON CONFLICT DO NOTHING: only the rows really inserted come back, and only they are audited
            const created = await tx.reviewFlag.createManyAndReturn({
              data: flags.slice(i, i + CHUNK).map((f) => ({
                enrolmentId: f.enrolmentId,
                kind: f.kind,
                subject: f.subject,
                details: f.details as Prisma.InputJsonValue,
                createdAt: f.createdAt,
              })),
              skipDuplicates: true,
              select: { id: true, enrolmentId: true, kind: true, subject: true },
            })
            if (!created.length) continue
            await tx.auditLog.createMany({
              data: created.map((c) => {
                const f = byKey.get(`${c.enrolmentId}/${c.kind}/${c.subject}`)!
                return {
                  at: f.createdAt,
                  actor: 'system',
                  action: `flag.${f.kind}`,
                  subjectType: 'partner',
                  subjectId: f.partnerId,
                  data: {
                    flag: c.id,
                    program: f.programKey,
                    subject: f.subject,
                    ...f.details,
                  } as Prisma.InputJsonValue,
                }
              }),
            })
            inserted += created.length
          }
          return inserted
        },
        { timeout: 60_000, maxWait: 10_000 },
      )
    },

    async list(q) {
      const rows = await prisma.reviewFlag.findMany({
        where: {
          ...(q.programKey ? { enrolment: { programKey: q.programKey } } : {}),
          ...(q.open === undefined ? {} : { resolvedAt: q.open ? null : { not: null } }),
        },
        include: flagInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.limit,
      })
      return rows.map(flagRecord)
    },

    async find(id) {
      if (!UUID.test(id)) return null
      const f = await prisma.reviewFlag.findUnique({ where: { id }, include: flagInclude })
      return f && flagRecord(f)
    },

    async resolve(id, d) {
      if (!UUID.test(id)) return null
      return prisma.$transaction((tx) => resolveFlagIn(tx, id, d))
    },
  }
}
