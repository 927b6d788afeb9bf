import { isoDate, type LocalDate, localDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { batchPeriod, isPayDay, type MovedDates, periodOfPayDay, upcomingPayDate } from '../domain/payouts.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { PayoutTx } from '../ports/payout-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type Named, namesOf } from '../programs/names.ts'
import type { BatchSummary } from './payout-batch-views.ts'
import {
  buildBatch,
  type PayDayResult,
  parseDay,
  payableOnResume,
  runPayDay,
  scheduledProgram,
} from './payout-batches.ts'
import type { PayoutDeps } from './payouts.ts'

/** What a program's partners are told when its pay days change. */
export type ScheduleNews = 'paused' | 'resumed' | 'date_moved'

/**
 * One notice per active partner of the program, announced with the change (ids and dates only in the payload).
 * The job ids carry the change's moment, so a retried transaction does not tell anyone twice.
 */
async function tellPartners(
  tx: PayoutTx,
  programKey: string,
  news: ScheduleNews,
  at: Date,
  dates: { scheduled: string; movedTo: string } | null = null,
) {
  const partners = await tx.activePartners(programKey)
  const jobs: Announcement[] = partners.map((partnerId) => ({
    queue: 'notifications',
    name: 'payout_schedule',
    data: {
      partnerId,
      programKey,
      news,
      scheduled: dates?.scheduled ?? null,
      movedTo: dates?.movedTo ?? null,
    },
    opts: { jobId: `payout-schedule-${programKey}-${news}-${at.getTime()}-${partnerId}` },
  }))
  if (jobs.length) await tx.announce(...jobs)
}

/**
 * Pause or resume a program's payouts; resuming builds the batch of a pay date missed while paused. Idempotent:
 * pausing paused payouts (or resuming running ones) changes nothing, writes no audit row, tells nobody and
 * answers `changed: false`.
 */
export async function setPayoutsPaused(
  deps: PayoutDeps,
  input: { programKey: string; paused: boolean; reason: string; actor: string },
): Promise<{ program: string; paused: boolean; changed: boolean; batch?: BatchSummary }> {
  const program = scheduledProgram(deps, input.programKey)
  const now = deps.clock.now()
  let pausedSince = now
  const changed = await deps.payouts.transaction(async (tx) => {
    pausedSince = (await tx.pauseState(program.key))?.at ?? now
    const done = await tx.setPaused(
      program.key,
      input.paused ? { actor: input.actor, reason: input.reason } : null,
      now,
    )
    if (!done) return false
    await tx.audit({
      at: now,
      actor: input.actor,
      action: input.paused ? 'payouts.paused' : 'payouts.resumed',
      subjectType: 'program',
      subjectId: program.key,
      reason: input.reason,
      data: {},
    })
    await tellPartners(tx, program.key, input.paused ? 'paused' : 'resumed', now)
    return true
  })
  if (input.paused || !changed) return { program: program.key, paused: input.paused, changed }
  // pay days missed while paused are built now; requests still waiting after them go in a batch of their own
  const caughtUp = await runPayDay(deps, program.key)
  const queued = (await deps.payouts.queuedPayouts(program.key, now)).filter((q) =>
    payableOnResume(q, pausedSince, now),
  )
  const today = localDate(now, program.timeZone)
  const resume = { resume: true, pausedSince }
  const batch = queued.length ? await buildBatch(deps, program, today, today, resume) : caughtUp.batch
  return { program: program.key, paused: false, changed, ...(batch ? { batch } : {}) }
}

/**
 * An admin or finance moves a scheduled pay date (chetup: the 25th "may be postponed"). The same move again
 * changes nothing (`changed: false`); the program's partners are told of a move in their language.
 */
export async function movePayDate(
  deps: PayoutDeps,
  input: { programKey: string; scheduled: string; movedTo: string; reason: string; actor: string },
): Promise<{ program: string; scheduled: string; movedTo: string; nextPayDate: string; changed: boolean }> {
  const program = scheduledProgram(deps, input.programKey)
  const scheduled = parseDay(input.scheduled)
  const movedTo = parseDay(input.movedTo)
  const today = localDate(deps.clock.now(), program.timeZone)
  if (isoDate(movedTo) < isoDate(today)) throw new DomainError('payout.date_in_past', { date: input.movedTo })
  if (!isPayDay(program, scheduled, new Map()))
    throw new DomainError('payout.not_a_pay_date', { date: input.scheduled })
  // a date whose batch is built is paid: moving it would promise a pay day that builds nothing
  if (await deps.payouts.findBatch(program.key, batchPeriod(program, scheduled).start))
    throw new DomainError('payout.batch_built', { date: input.scheduled })
  const now = deps.clock.now()
  const dates = { scheduled: isoDate(scheduled), movedTo: isoDate(movedTo) }
  const { moved, changed } = await deps.payouts.transaction(async (tx) => {
    const changed = await tx.moveDate({
      programKey: program.key,
      ...dates,
      actor: input.actor,
      reason: input.reason,
      at: now,
    })
    if (changed) {
      await tx.audit({
        at: now,
        actor: input.actor,
        action: 'payouts.date_moved',
        subjectType: 'program',
        subjectId: program.key,
        reason: input.reason,
        data: dates,
      })
      await tellPartners(tx, program.key, 'date_moved', now, dates)
    }
    return { moved: await tx.movedDates(program.key), changed }
  })
  return { program: program.key, ...dates, nextPayDate: await upcoming(deps, program, today, moved), changed }
}

/** The next pay date from `today` (local, YYYY-MM-DD): any date moved, and past today once today's batch is built. */
async function upcoming(deps: PayoutDeps, program: ProgramDefinition, today: LocalDate, moved: MovedDates) {
  const period = periodOfPayDay(program, today, moved)
  const builtToday = !!period && !!(await deps.payouts.findBatch(program.key, period))
  return isoDate(upcomingPayDate(program, today, moved, builtToday)!)
}

/**
 * The pay day run on an operator's request (idempotent, as the daily job is): `alreadyBuilt` when its batch was
 * built before (nothing changed); a run that built a batch is audited under the operator.
 */
export async function runPayDayNow(
  deps: PayoutDeps,
  input: { programKey: string; day?: string; actor: string },
): Promise<PayDayResult & { alreadyBuilt: boolean }> {
  // of runs at once (two operators, three instances, the daily job), the one whose transaction closed the batch
  // built it; the others are told it was built
  let closed = false
  const r = await runPayDay(deps, input.programKey, input.day, () => {
    closed = true
  })
  const alreadyBuilt = r.outcome === 'built' && !closed
  if (r.outcome === 'built' && !alreadyBuilt)
    await deps.payouts.transaction((tx) =>
      tx.audit({
        at: deps.clock.now(),
        actor: input.actor,
        action: 'payouts.pay_day_run',
        subjectType: 'program',
        subjectId: r.program,
        data: { day: r.day, batch: r.batch?.id ?? null },
      }),
    )
  return { ...r, alreadyBuilt }
}

/** A program's payout state as the desk shows it: paused or not, the next pay date, the dates moved. */
export interface PayoutScheduleView {
  program: string
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  timeZone: string
  schedule: 'weekly' | 'monthly'
  paused?: { at: Date; actor: string; reason: string }
  nextPayDate: string
  /** Moved dates from today on (a move whose new date passed is history). */
  moved: { scheduled: string; movedTo: string }[]
}

export async function payoutScheduleView(deps: PayoutDeps, programKey: string): Promise<PayoutScheduleView> {
  const program = scheduledProgram(deps, programKey)
  const today = localDate(deps.clock.now(), program.timeZone)
  const { moved, paused } = await deps.payouts.transaction(async (tx) => ({
    moved: await tx.movedDates(program.key),
    paused: await tx.pauseState(program.key),
  }))
  const schedule = program.payout.schedule.type === 'weekly' ? 'weekly' : 'monthly'
  return {
    program: program.key,
    programNames: namesOf(program),
    timeZone: program.timeZone,
    schedule,
    ...(paused ? { paused } : {}),
    nextPayDate: await upcoming(deps, program, today, moved),
    moved: [...moved]
      .filter(([, to]) => to >= isoDate(today))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([scheduled, movedTo]) => ({ scheduled, movedTo })),
  }
}
