import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prismaReviewFlagStore } from '../../core/infra/db/review-flags.ts'
import { syncPrograms } from '../../core/infra/db/sync-programs.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { silentLogger } from '../../core/ports/logger.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'
import { listFlags, resolveFlag, reviewLowActivity } from '../../core/use-cases/low-activity.ts'
import { databaseKind, openTestDatabase } from '../helpers/database.ts'

const setUp = new Date('2026-05-01T00:00:00Z')

/** melbet: 3 or fewer new users in 3 consecutive calendar months flags the partner for a human decision. */
describe(`low activity (${databaseKind()})`, () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>
  const catalog = new ProgramCatalog(loadProgramDefinitions())
  const clock = new ManualClock('2026-11-01T00:30:00Z')
  let deps: Parameters<typeof reviewLowActivity>[0]
  const partners: Record<string, { partner: string; enrolment: string }> = {}

  let customerSeq = 0
  /** A partner enrolled in a program, with customers qualified at the given times (ineligible: `!` prefix). */
  async function partner(
    name: string,
    o: { program?: string; registeredAt: string; status?: 'active' | 'blocked'; customers?: (string | null)[] },
  ) {
    const p = db.prisma
    const row = await p.partner.create({ data: { name, createdAt: setUp, updatedAt: setUp } })
    const programKey = o.program ?? 'melbet'
    const e = await p.enrolment.create({
      data: {
        partnerId: row.id,
        programKey,
        status: o.status ?? 'active',
        registeredAt: new Date(o.registeredAt),
        createdAt: setUp,
        updatedAt: setUp,
      },
    })
    if (o.customers?.length) {
      await p.customer.createMany({
        data: o.customers.map((c) => ({
          programKey,
          externalId: `c${++customerSeq}`,
          enrolmentId: e.id,
          qualifiedAt: c === null ? null : new Date(c.replace(/^!/, '')),
          ineligible: c?.startsWith('!') ? 'self_referral' : null,
          createdAt: setUp,
        })),
      })
    }
    partners[name] = { partner: row.id, enrolment: e.id }
  }

  beforeAll(async () => {
    db = await openTestDatabase()
    await syncPrograms(db.prisma, catalog.list(), setUp)
    deps = { flags: prismaReviewFlagStore(db.prisma), clock, logger: silentLogger, program: (k) => catalog.get(k) }
    // 2 new users in Aug-Oct; the ineligible one, July's, November's and a sign-up without deposit do not count
    await partner('A', {
      registeredAt: '2026-05-10T00:00:00Z',
      customers: [
        '2026-07-31T23:59:59Z',
        '2026-08-01T00:00:00Z',
        '!2026-09-10T00:00:00Z',
        '2026-10-31T23:59:59Z',
        '2026-11-01T00:00:00Z',
        null,
      ],
    })
    await partner('B', {
      registeredAt: '2026-06-01T00:00:00Z',
      customers: ['2026-08-10T00:00:00Z', '2026-09-10T00:00:00Z', '2026-09-20T00:00:00Z', '2026-10-10T00:00:00Z'],
    })
    // 4 customers, 1 of them ineligible: 3 new users
    await partner('B3', {
      registeredAt: '2026-06-01T00:00:00Z',
      customers: ['2026-08-10T00:00:00Z', '!2026-09-10T00:00:00Z', '2026-09-20T00:00:00Z', '2026-10-10T00:00:00Z'],
    })
    await partner('C', { registeredAt: '2026-09-15T00:00:00Z' })
    await partner('Blocked', { registeredAt: '2026-05-10T00:00:00Z', status: 'blocked' })
    await partner('Edge', { registeredAt: '2026-08-01T00:00:00Z' }) // registered as the window opens: checked
    await partner('Quantower', { program: 'quantower', registeredAt: '2026-05-10T00:00:00Z' })
  })
  afterAll(async () => {
    await db?.close()
  })

  const flagged = async () =>
    (await db.prisma.reviewFlag.findMany({ orderBy: { createdAt: 'asc' } })).map(
      (f) => Object.entries(partners).find(([, p]) => p.enrolment === f.enrolmentId)![0],
    )

  it('counts new users per active enrolment in the window', async () => {
    const activity = await deps.flags.newUsersPerEnrolment(
      'melbet',
      new Date('2026-08-01T00:00:00Z'),
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-08-01T00:00:00Z'),
    )
    const byName = Object.fromEntries(
      activity.map((a) => [Object.entries(partners).find(([, p]) => p.enrolment === a.enrolmentId)![0], a.newUsers]),
    )
    expect(byName).toEqual({ A: 2, B: 4, B3: 3, Edge: 0 })
    expect(activity.find((a) => a.enrolmentId === partners.A!.enrolment)?.partnerId).toBe(partners.A!.partner)
  })

  it('flags partners with 3 or fewer new users in Aug-Oct, once, with an audit row each', async () => {
    const r = await reviewLowActivity(deps, 'melbet')
    expect(r).toMatchObject({ window: { subject: '2026-08..2026-10' }, checked: 4, flagged: 3 })
    expect((await flagged()).sort()).toEqual(['A', 'B3', 'Edge'])
    const a = await db.prisma.reviewFlag.findFirstOrThrow({ where: { enrolmentId: partners.A!.enrolment } })
    expect(a).toMatchObject({
      kind: 'low_activity',
      subject: '2026-08..2026-10',
      createdAt: new Date('2026-11-01T00:30:00Z'),
      resolvedAt: null,
      details: {
        newUsers: 2,
        from: '2026-08-01T00:00:00.000Z',
        to: '2026-11-01T00:00:00.000Z',
        months: 3,
        maxNewUsers: 3,
      },
    })
    const audit = await db.prisma.auditLog.findMany({ where: { action: 'flag.low_activity' } })
    expect(audit.map((x) => x.subjectId).sort()).toEqual(
      [partners.A!.partner, partners.B3!.partner, partners.Edge!.partner].sort(),
    )
    expect(audit.find((x) => x.subjectId === partners.A!.partner)).toMatchObject({
      actor: 'system',
      subjectType: 'partner',
      data: { flag: a.id, program: 'melbet', subject: '2026-08..2026-10', newUsers: 2 },
    })

    // later in November: same window, nothing new; concurrent runs on a server insert each flag once
    clock.set('2026-11-15T12:00:00Z')
    const again =
      databaseKind() === 'postgres'
        ? await Promise.all([reviewLowActivity(deps, 'melbet'), reviewLowActivity(deps, 'melbet')])
        : [await reviewLowActivity(deps, 'melbet')]
    expect(again.map((x) => x.flagged)).toEqual(again.map(() => 0))
    expect(await db.prisma.reviewFlag.count()).toBe(3)
    expect(await db.prisma.auditLog.count({ where: { action: 'flag.low_activity' } })).toBe(3)
  })

  it('a program without the rule flags nobody', async () => {
    expect(await reviewLowActivity(deps, 'quantower')).toEqual({ window: null, checked: 0, flagged: 0 })
  })

  it('resolves a flag once, with the actor and time, and lists open and decided flags', async () => {
    const open = await listFlags(deps, { programKey: 'melbet', open: true })
    expect(open).toHaveLength(3)
    const a = open.find((f) => f.partnerId === partners.A!.partner)!
    expect(a).toMatchObject({ programKey: 'melbet', enrolmentId: partners.A!.enrolment, resolvedAt: undefined })

    clock.set('2026-11-16T09:00:00Z')
    const done = await resolveFlag(deps, { flagId: a.id, resolution: 'rate_lowered', actor: 'slack:U123' })
    expect(done).toMatchObject({
      id: a.id,
      resolution: 'rate_lowered',
      resolvedBy: 'slack:U123',
      resolvedAt: new Date('2026-11-16T09:00:00Z'),
    })
    await expect(
      resolveFlag(deps, { flagId: a.id, resolution: 'suspended', actor: 'slack:U999' }),
    ).rejects.toMatchObject({ code: 'flag.already_resolved', data: { resolution: 'rate_lowered' } })
    for (const flagId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      await expect(resolveFlag(deps, { flagId, resolution: 'no_action', actor: 'x' })).rejects.toMatchObject({
        code: 'flag.not_found',
      })
    }
    const stored = await db.prisma.reviewFlag.findUniqueOrThrow({ where: { id: a.id } })
    expect(stored).toMatchObject({ resolution: 'rate_lowered', resolvedBy: 'slack:U123' })
    expect(await db.prisma.auditLog.findMany({ where: { action: 'flag.resolve.low_activity' } })).toEqual([
      expect.objectContaining({
        actor: 'slack:U123',
        subjectType: 'partner',
        subjectId: partners.A!.partner,
        reason: 'rate_lowered',
        data: { flag: a.id, program: 'melbet', subject: '2026-08..2026-10' },
      }),
    ])
    expect((await listFlags(deps, { open: true })).map((f) => f.id)).not.toContain(a.id)
    expect((await listFlags(deps, { open: false })).map((f) => f.id)).toEqual([a.id])
    expect(await listFlags(deps, { programKey: 'quantower' })).toEqual([])
    expect(await listFlags(deps, { limit: 2 })).toHaveLength(2)
  })

  it('concurrent decisions on one flag: exactly one wins', async () => {
    const [flag] = await listFlags(deps, { open: true })
    const decide = (resolution: string) => resolveFlag(deps, { flagId: flag!.id, resolution, actor: 'ops' })
    // PGlite serves every connection from one session, so only a server can race two transactions
    const results =
      databaseKind() === 'postgres'
        ? await Promise.allSettled([decide('suspended'), decide('no_action')])
        : [await Promise.allSettled([decide('suspended')]), await Promise.allSettled([decide('no_action')])].flat()
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'flag.already_resolved' },
    })
  })

  it('next month looks at Sep-Nov: still-inactive partners are flagged for the new window', async () => {
    clock.set('2026-12-01T06:00:00Z')
    await db.prisma.enrolment.update({
      where: { id: partners.C!.enrolment },
      data: { registeredAt: new Date('2026-09-01T00:00:00Z') }, // now old enough to be checked
    })
    const r = await reviewLowActivity(deps, 'melbet')
    // A 2 (Oct 31 and Nov 1), B 3, B3 2, C 0, Edge 0
    expect(r).toMatchObject({ window: { subject: '2026-09..2026-11' }, checked: 5, flagged: 5 })
    expect(await db.prisma.reviewFlag.count()).toBe(8)
  })
})
