import { describe, expect, it } from 'vitest'
import { DomainError } from '../../core/domain/errors.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { silentLogger } from '../../core/ports/logger.ts'
import type {
  EnrolmentActivity,
  NewReviewFlag,
  ReviewFlagRecord,
  ReviewFlagStore,
} from '../../core/ports/review-flags.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'
import { activityWindow, listFlags, resolveFlag, reviewLowActivity } from '../../core/use-cases/low-activity.ts'

interface FakeEnrolment {
  id: string
  partnerId: string
  programKey: string
  status: 'active' | 'blocked'
  registeredAt: Date
  qualified: Date[]
}

/** An in-memory ReviewFlagStore with the same contract as the Prisma one. */
class FakeFlags implements ReviewFlagStore {
  readonly flags: ReviewFlagRecord[] = []
  queries: { from: Date; to: Date; registeredBefore: Date }[] = []
  constructor(readonly enrolments: FakeEnrolment[] = []) {}

  async newUsersPerEnrolment(programKey: string, from: Date, to: Date, registeredBefore: Date) {
    this.queries.push({ from, to, registeredBefore })
    return this.enrolments
      .filter((e) => e.programKey === programKey && e.status === 'active' && e.registeredAt <= registeredBefore)
      .map(
        (e): EnrolmentActivity => ({
          enrolmentId: e.id,
          partnerId: e.partnerId,
          newUsers: e.qualified.filter((q) => q >= from && q < to).length,
        }),
      )
  }
  async insertFlags(flags: NewReviewFlag[]) {
    let n = 0
    for (const f of flags) {
      if (this.flags.some((x) => x.enrolmentId === f.enrolmentId && x.kind === f.kind && x.subject === f.subject))
        continue
      this.flags.push({ ...f, id: `flag-${this.flags.length + 1}` })
      n++
    }
    return n
  }
  async list(q: { programKey?: string; open?: boolean; limit: number }) {
    return this.flags
      .filter((f) => (q.programKey ? f.programKey === q.programKey : true))
      .filter((f) => (q.open === undefined ? true : q.open === !f.resolvedAt))
      .slice(0, q.limit)
  }
  async find(id: string) {
    return this.flags.find((f) => f.id === id) ?? null
  }
  async resolve(id: string, d: { resolution: string; actor: string; at: Date }) {
    const f = this.flags.find((x) => x.id === id && !x.resolvedAt)
    if (!f) return null
    Object.assign(f, { resolvedAt: d.at, resolvedBy: d.actor, resolution: d.resolution })
    return { ...f }
  }
}

const catalog = new ProgramCatalog(loadProgramDefinitions())
const melbet = catalog.get('melbet')!
const deps = (flags: ReviewFlagStore, now: string, program = (k: string) => catalog.get(k)) => ({
  flags,
  clock: new ManualClock(now),
  logger: silentLogger,
  program,
})

const enrolment = (id: string, registeredAt: string, qualified: string[] = []): FakeEnrolment => ({
  id,
  partnerId: `p-${id}`,
  programKey: 'melbet',
  status: 'active',
  registeredAt: new Date(registeredAt),
  qualified: qualified.map((q) => new Date(q)),
})

describe('low activity window', () => {
  it('is the last complete calendar months before now (UTC program)', () => {
    const w = activityWindow(new Date('2026-11-01T00:30:00Z'), 'UTC', 3)
    expect(w).toEqual({
      from: new Date('2026-08-01T00:00:00Z'),
      to: new Date('2026-11-01T00:00:00Z'),
      subject: '2026-08..2026-10',
    })
    // the whole of November still looks at August-October
    expect(activityWindow(new Date('2026-11-30T23:59:59Z'), 'UTC', 3).subject).toBe('2026-08..2026-10')
  })

  it('follows the program time zone, across daylight saving and the year end', () => {
    // 1 Nov 01:00 in Kyiv (UTC+2 after the October change): November has begun there
    const w = activityWindow(new Date('2026-10-31T23:00:00Z'), 'Europe/Kyiv', 3)
    expect(w.subject).toBe('2026-08..2026-10')
    expect(w.from.toISOString()).toBe('2026-07-31T21:00:00.000Z') // Aug 1 local, UTC+3 in summer
    expect(w.to.toISOString()).toBe('2026-10-31T22:00:00.000Z')
    // an hour earlier it is still October in Kyiv
    expect(activityWindow(new Date('2026-10-31T21:30:00Z'), 'Europe/Kyiv', 3).subject).toBe('2026-07..2026-09')
    expect(activityWindow(new Date('2027-01-15T12:00:00Z'), 'Asia/Tbilisi', 3).subject).toBe('2026-10..2026-12')
    expect(activityWindow(new Date('2027-02-01T00:00:00Z'), 'UTC', 1).subject).toBe('2027-01..2027-01')
  })
})

describe('reviewLowActivity', () => {
  it('flags partners with maxNewUsers or fewer, skips partners who joined inside the window', async () => {
    const store = new FakeFlags([
      enrolment('a', '2026-05-10T00:00:00Z', ['2026-08-03T00:00:00Z', '2026-10-31T23:59:59Z', '2026-11-01T00:10:00Z']),
      enrolment('b', '2026-05-10T00:00:00Z', [
        '2026-08-05T00:00:00Z',
        '2026-09-05T00:00:00Z',
        '2026-09-06T00:00:00Z',
        '2026-10-05T00:00:00Z',
      ]),
      enrolment('zero', '2026-08-01T00:00:00Z'),
      enrolment('c', '2026-09-15T00:00:00Z'),
    ])
    const r = await reviewLowActivity(deps(store, '2026-11-01T00:30:00Z'), 'melbet')
    expect(r).toEqual({
      window: {
        from: new Date('2026-08-01T00:00:00Z'),
        to: new Date('2026-11-01T00:00:00Z'),
        subject: '2026-08..2026-10',
      },
      checked: 3,
      flagged: 2,
    })
    expect(store.queries).toEqual([
      {
        from: new Date('2026-08-01T00:00:00Z'),
        to: new Date('2026-11-01T00:00:00Z'),
        registeredBefore: new Date('2026-08-01T00:00:00Z'),
      },
    ])
    expect(store.flags.map((f) => [f.enrolmentId, f.details.newUsers])).toEqual([
      ['a', 2],
      ['zero', 0],
    ])
    expect(store.flags[0]).toMatchObject({
      partnerId: 'p-a',
      programKey: 'melbet',
      kind: 'low_activity',
      subject: '2026-08..2026-10',
      createdAt: new Date('2026-11-01T00:30:00Z'),
      details: {
        newUsers: 2,
        from: '2026-08-01T00:00:00.000Z',
        to: '2026-11-01T00:00:00.000Z',
        months: 3,
        maxNewUsers: 3,
      },
    })
    const again = await reviewLowActivity(deps(store, '2026-11-20T10:00:00Z'), 'melbet')
    expect(again).toMatchObject({ checked: 3, flagged: 0 })
    expect(store.flags).toHaveLength(2)
  })

  it('refuses an unknown program; a program without the rule does nothing', async () => {
    const store = new FakeFlags()
    await expect(reviewLowActivity(deps(store, '2026-11-01T00:30:00Z'), 'nope')).rejects.toMatchObject({
      code: 'program.not_found',
    })
    const quantower = catalog.get('quantower')!
    expect(quantower.quality.lowActivity).toBeUndefined()
    expect(await reviewLowActivity(deps(store, '2026-11-01T00:30:00Z'), 'quantower')).toEqual({
      window: null,
      checked: 0,
      flagged: 0,
    })
    expect(store.queries).toEqual([])
  })

  it('uses the rule of the program definition', async () => {
    const strict = { ...melbet, quality: { ...melbet.quality, lowActivity: { months: 1, maxNewUsers: 0 } } }
    const store = new FakeFlags([
      enrolment('a', '2026-01-01T00:00:00Z', ['2026-10-10T00:00:00Z']),
      enrolment('b', '2026-01-01T00:00:00Z', ['2026-09-10T00:00:00Z']),
    ])
    const r = await reviewLowActivity(
      deps(store, '2026-11-01T00:30:00Z', (k) => (k === 'melbet' ? strict : undefined)),
      'melbet',
    )
    expect(r).toMatchObject({ window: { subject: '2026-10..2026-10' }, checked: 2, flagged: 1 })
    expect(store.flags[0]).toMatchObject({ enrolmentId: 'b', details: { newUsers: 0, months: 1, maxNewUsers: 0 } })
  })
})

describe('resolveFlag and listFlags', () => {
  it('records a decision once; unknown flags and bad codes are refused', async () => {
    const store = new FakeFlags([enrolment('a', '2026-05-10T00:00:00Z')])
    const d = deps(store, '2026-11-01T00:30:00Z')
    await reviewLowActivity(d, 'melbet')
    const [open] = await listFlags(d, { programKey: 'melbet', open: true })
    expect(open).toBeDefined()
    d.clock.set('2026-11-02T09:00:00Z')
    const resolved = await resolveFlag(d, { flagId: open!.id, resolution: 'rate_lowered', actor: 'operator-api' })
    expect(resolved).toMatchObject({
      resolution: 'rate_lowered',
      resolvedBy: 'operator-api',
      resolvedAt: new Date('2026-11-02T09:00:00Z'),
    })
    await expect(
      resolveFlag(d, { flagId: open!.id, resolution: 'suspended', actor: 'operator-api' }),
    ).rejects.toMatchObject({ code: 'flag.already_resolved', data: { resolution: 'rate_lowered' } })
    await expect(resolveFlag(d, { flagId: 'missing', resolution: 'no_action', actor: 'x' })).rejects.toMatchObject({
      code: 'flag.not_found',
    })
    const bad = resolveFlag(d, { flagId: open!.id, resolution: 'Lowered the rate!', actor: 'x' })
    await expect(bad).rejects.toBeInstanceOf(DomainError)
    await expect(bad).rejects.toMatchObject({ code: 'flag.invalid_resolution' })
    expect(await listFlags(d, { open: true })).toEqual([])
    expect(await listFlags(d, { open: false })).toHaveLength(1)
    await expect(listFlags(d, { programKey: 'nope' })).rejects.toMatchObject({ code: 'program.not_found' })
  })
})
