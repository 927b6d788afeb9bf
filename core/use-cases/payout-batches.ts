import { randomUUID } from 'node:crypto'
import { addDays, isoDate, type LocalDate, localDate, readDay, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import {
  batchPeriod,
  isPayDay,
  isRedeem,
  meetsMinimum,
  type PayoutStatus,
  payoutBlocker,
  quotePayout,
  scheduledDateOf,
} from '../domain/payouts.ts'
import type { BatchCandidate, BatchRecord, NewPayout, PayoutRecord, PayoutTx } from '../ports/payout-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type BatchSummary, batchSummary, summarize } from './payout-batch-views.ts'
import { payoutPostings } from './payout-ledger.ts'
import { type PayoutDeps, payoutCardNews, payoutJson, payoutStatusNews } from './payouts.ts'

const CHUNK = 200

export function scheduledProgram(deps: PayoutDeps, key: string) {
  const program = deps.program(key)
  if (!program) throw new DomainError('program.not_found', { program: key })
  if (program.payout.schedule.type === 'on_request') throw new DomainError('payout.not_scheduled', { program: key })
  return program
}

export const parseDay = (s: string): LocalDate => {
  const d = readDay(s)
  if (!d) throw new DomainError('payout.bad_date', { date: s })
  return d
}

export interface PayDayResult {
  program: string
  day: string
  outcome: 'not_a_pay_day' | 'paused' | 'built'
  batch?: BatchSummary
}

/**
 * A request a resume pays at once: made while payouts were paused ("accepted and paid when payouts resume", chetup),
 * or due on a pay day the pause made them miss; one made before the pause for a pay day still to come waits for it.
 */
export const payableOnResume = (q: { createdAt: Date; expectedAt?: Date }, pausedSince: Date, now: Date) =>
  q.createdAt >= pausedSince || !q.expectedAt || q.expectedAt <= now

/**
 * The daily job of a scheduled program (BullMQ, in the program's time zone). It builds the batch of every pay day
 * of the last week (weekly) or month (monthly) that has no finished batch yet: a missed run, a crashed run or a
 * worker that was down catches up. Safe to run again: the batch and each of its payouts are keyed, so a rerun
 * completes a batch without paying anyone twice. `day` builds one past pay day on an operator's request.
 */
export async function runPayDay(
  deps: PayoutDeps,
  programKey: string,
  day?: string,
  /** Called when this run closed a batch (of concurrent runs, exactly one does). */
  onClosed?: () => void,
): Promise<PayDayResult> {
  const program = scheduledProgram(deps, programKey)
  const today = localDate(deps.clock.now(), program.timeZone)
  const { moved, pausedAt } = await deps.payouts.transaction(async (tx) => ({
    moved: await tx.movedDates(program.key),
    pausedAt: await tx.pausedAt(program.key),
  }))
  let days: LocalDate[]
  if (day) {
    const d = parseDay(day)
    if (isoDate(d) > isoDate(today)) throw new DomainError('payout.date_in_future', { date: day })
    if (!isPayDay(program, d, moved)) throw new DomainError('payout.not_a_pay_date', { date: day })
    days = [d]
  } else {
    const lookBack = program.payout.schedule.type === 'weekly' ? 7 : 35
    days = Array.from({ length: lookBack }, (_, i) => addDays(today, i - lookBack + 1)).filter((d) =>
      isPayDay(program, d, moved),
    )
  }
  const base = { program: program.key, day: isoDate(day ? parseDay(day) : today) }
  if (!days.length) return { ...base, outcome: 'not_a_pay_day' }
  if (pausedAt) return { ...base, outcome: 'paused' }
  let batch: BatchSummary | undefined
  for (const d of days) {
    // a past pay day without a batch is caught up only when there is something to pay
    const isToday = isoDate(d) === isoDate(today) || day !== undefined
    batch = (await buildBatch(deps, program, d, scheduledDateOf(d, moved), { skipEmpty: !isToday, onClosed })) ?? batch
  }
  if (!batch && !isPayDay(program, today, moved)) return { ...base, outcome: 'not_a_pay_day' }
  return { ...base, outcome: 'built', ...(batch ? { batch } : {}) }
}

export async function buildBatch(
  deps: PayoutDeps,
  program: ProgramDefinition,
  payDay: LocalDate,
  scheduledDay: LocalDate,
  opts: { resume?: boolean; pausedSince?: Date; skipEmpty?: boolean; onClosed?: () => void } = {},
): Promise<BatchSummary | undefined> {
  const resume = opts.resume === true
  const now = deps.clock.now()
  // the period is the scheduled date's, even when the date was moved; a resume batch is its own period
  const period = resume ? { start: now, end: now } : batchPeriod(program, scheduledDay)
  const payDate = startOfLocalDate(payDay, program.timeZone)
  const existing = await deps.payouts.findBatch(program.key, period.start)
  if (existing && existing.status !== 'open') {
    // a run that stopped before telling anyone: the partners and the desk are told now
    if (!existing.notifiedAt) await notifyBatch(deps, existing)
    return summarize(deps, existing)
  }
  // requests made before the pay day, and those made on it before its batch started (promised it, see payDateOf);
  // a resume pays what the pause held up, and requests made before it for a pay day still to come wait for it
  const cutoff = resume ? now : payDate
  const dueBy = resume ? undefined : payDate
  const since = opts.pausedSince
  const waiting = (qs: PayoutRecord[]) => qs.filter((q) => !resume || !since || payableOnResume(q, since, now))
  const candidates =
    program.payout.schedule.type === 'weekly'
      ? (
          await deps.payouts.batchCandidates(program.key, { periodEnd: period.end, now }, program.payout.methods)
        ).filter((c) => !payoutBlocker(program, c.enrolment, c.qualifiedUsers, now) && c.details && enough(program, c))
      : []
  // started under the pay-day lock: every request promised this day has been made, none is promised it from now on
  const batch =
    existing ??
    (await deps.payouts.transaction(async (tx) => {
      await tx.lockPayDays(program.key, 'exclusive', now)
      const some = candidates.length || waiting(await tx.queuedPayouts(program.key, cutoff, dueBy)).length
      if (opts.skipEmpty && !some && !(await tx.batchOf(program.key, period.start))) return undefined
      return tx.upsertBatch({ programKey: program.key, periodStart: period.start, periodEnd: period.end, payDate }, now)
    }))
  if (!batch) return undefined
  if (batch.status !== 'open') {
    if (!batch.notifiedAt) await notifyBatch(deps, batch)
    return summarize(deps, batch)
  }
  const queued = waiting(await deps.payouts.queuedPayouts(program.key, cutoff, dueBy))
  const changed: { id: string; status: PayoutStatus }[] = []
  // 1. requests waiting for this pay date join the batch, re-checked under their partner's lock
  for (const p of queued) {
    const outcome = await deps.payouts.transaction((tx) => batchRequest(tx, program, batch, p.id, now))
    if (outcome) changed.push({ id: p.id, status: outcome })
  }
  // 2. weekly programs pay every eligible balance of the period without a request (melbet), in small chunks:
  // each holds its partners' enrolment locks, which incoming earnings also need
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const ids = await deps.payouts.transaction((tx) =>
      payChunk(tx, program, batch, candidates.slice(i, i + CHUNK), period.end, now),
    )
    for (const id of ids) changed.push({ id, status: 'approved' })
  }
  const closedHere = await deps.payouts.transaction(async (tx) => {
    // another run that closed it first has told everyone
    if (!(await tx.setBatchStatus(batch.id, ['open'], 'closed', { at: now }))) return false
    // queued requests sent to review are told now, and their cards follow; every approved payout of the batch,
    // from the database, with the batch's summary
    for (const c of changed.filter((x) => x.status !== 'approved')) {
      await tx.announce(payoutStatusNews(c.id, c.status, now), payoutCardNews(c.id, c.status, now))
    }
    await announceBatch(tx, batch.id, 'closed', now)
    return true
  })
  if (closedHere) opts.onClosed?.()
  deps.logger.info({ program: program.key, batch: batch.id, payouts: changed.length }, 'payout batch built')
  return summarize(deps, { ...batch, status: 'closed' })
}

/** A queued request joins the batch if nothing stops its partner being paid now; otherwise it waits for review. */
async function batchRequest(tx: PayoutTx, program: ProgramDefinition, batch: BatchRecord, payoutId: string, now: Date) {
  const seen = await tx.readPayout(payoutId)
  if (!seen || seen.batchId) return undefined
  const enrolment = await tx.lockEnrolmentOf(seen.partnerId, program.key)
  const p = await tx.lockPayout(payoutId)
  if (!enrolment || !p || p.batchId || !['requested', 'approved'].includes(p.status)) return undefined
  const players = program.payout.minNewUsersExclusive === undefined ? 0 : await tx.qualifiedUsers(enrolment.id)
  const blocker = isRedeem(program, p.method) ? undefined : payoutBlocker(program, enrolment, players, now)
  const to = blocker ? 'needs_review' : 'approved'
  // paid with this batch: on its pay date, or today for a pay date missed while payouts were paused
  const today = startOfLocalDate(localDate(now, program.timeZone), program.timeZone)
  const expectedAt = batch.payDate > today ? batch.payDate : today
  const ok = await tx.setStatus(p.id, [p.status], to, {
    ...(blocker ? { reason: blocker } : { batchId: batch.id, expectedAt }),
    decidedBy: 'schedule',
    unbatchedOnly: true,
    at: now,
  })
  if (!ok) return undefined
  await tx.audit({
    at: now,
    actor: 'schedule',
    action: blocker ? 'payout.hold' : 'payout.batched',
    subjectType: 'payout',
    subjectId: p.id,
    reason: blocker,
    data: { batch: batch.id },
  })
  return p.status === to ? undefined : to
}

const enough = (program: ProgramDefinition, c: BatchCandidate) =>
  c.availableMinor > 0n && meetsMinimum(program, c.currency, c.availableMinor)

/**
 * One chunk of a weekly batch, set-based: the chunk's partners are locked and read in one query, the rules decide
 * in memory, and the payouts and their reservations are written in two statements. The batch is share-locked,
 * so a run that finds it no longer open pays nobody (finance may have closed or paid it).
 */
async function payChunk(
  tx: PayoutTx,
  program: ProgramDefinition,
  batch: BatchRecord,
  chunk: BatchCandidate[],
  asOf: Date,
  now: Date,
): Promise<string[]> {
  if ((await tx.shareLockBatch(batch.id)) !== 'open') return []
  const keyOf = (currency: string) => `batch:${batch.id}:${currency}`
  const state = await tx.chunkState(
    chunk.map((c) => ({ enrolmentId: c.enrolment.id, currency: c.currency, key: keyOf(c.currency) })),
    { periodEnd: asOf, now },
    program.payout.methods,
  )
  const agreed = new Map(chunk.map((c) => [`${c.enrolment.id}:${c.currency}`, c.details?.id]))
  const rows: (NewPayout & { id: string; response: unknown })[] = []
  for (const c of state) {
    // re-read under the lock: a request, event, sanction or new details since the candidates were read count
    if (c.alreadyPaid || payoutBlocker(program, c.enrolment, c.qualifiedUsers, now) || !enough(program, c)) continue
    if (!c.details || c.details.id !== agreed.get(`${c.enrolment.id}:${c.currency}`)) continue
    const q = quotePayout(program, c.availableMinor, c.details.method, c.enrolment.legalType)
    const row = {
      id: randomUUID(),
      programKey: program.key,
      enrolmentId: c.enrolment.id,
      idempotencyKey: keyOf(c.currency),
      requestHash: 'schedule',
      currency: c.currency,
      method: c.details.method,
      grossMinor: q.grossMinor,
      feeMinor: q.feeMinor,
      taxMinor: q.taxMinor,
      netMinor: q.netMinor,
      creditMinor: q.creditMinor,
      status: 'approved' as const,
      decidedBy: 'schedule',
      detailsId: c.details.id,
      batchId: batch.id,
      expectedAt: batch.payDate,
      createdAt: now,
      updatedAt: now,
    }
    const record = { ...row, partnerId: c.enrolment.partnerId, detailsMask: c.details.mask }
    rows.push({ ...row, response: { payout: payoutJson(record) } })
  }
  const inserted = new Set(await tx.insertPayouts(rows))
  await tx.post(rows.filter((r) => inserted.has(r.id)).flatMap((p) => payoutPostings.requested(p, now)))
  return [...inserted]
}

/**
 * A closed batch whose partners were never told (built before its notices were announced with it): told now, once
 * (`notifiedAt` records it; job ids make a repeat harmless).
 */
async function notifyBatch(deps: PayoutDeps, batch: BatchRecord) {
  await deps.payouts.transaction(async (tx) => {
    const locked = await tx.lockBatch(batch.id)
    if (!locked || locked.notifiedAt) return // told meanwhile
    await announceBatch(tx, batch.id, locked.status === 'paid' ? 'paid' : 'closed', deps.clock.now())
  })
}

/**
 * Announces, in the caller's transaction, every approved payout of the batch to its partner and the batch's summary
 * to the Slack desk (the finance channel; one job per state, ids only), and records it in the same transaction: a
 * later run does not announce them again.
 */
async function announceBatch(tx: PayoutTx, batchId: string, state: 'closed' | 'paid', at: Date) {
  await tx.markBatchNotified(batchId, at)
  const payouts = await tx.batchPayouts(batchId)
  await tx.announce(...payouts.filter((p) => p.status === 'approved').map((p) => payoutStatusNews(p.id, 'approved')), {
    queue: 'desk',
    name: 'batch_built',
    data: { batchId },
    opts: { jobId: `desk-batch-${batchId}-${state}` },
  })
}

/** Finance paid the batch: every approved payout in it becomes paid with the reference; final. */
export async function markBatchPaid(
  deps: PayoutDeps,
  input: { batchId: string; reference: string; actor: string },
): Promise<BatchSummary> {
  const now = deps.clock.now()
  await deps.payouts.transaction(async (tx) => {
    const b = await tx.lockBatch(input.batchId)
    if (!b) throw new DomainError('batch.not_found', { batch: input.batchId })
    if (b.status !== 'closed') throw new DomainError('batch.not_payable', { batch: b.id, status: b.status })
    const paid: PayoutRecord[] = []
    for (const p of await tx.batchPayouts(b.id)) {
      if (p.status !== 'approved') continue
      if (
        await tx.setStatus(p.id, ['approved'], 'paid', {
          paymentRef: input.reference,
          paidAt: now,
          decidedBy: input.actor,
          at: now,
        })
      ) {
        paid.push(p)
      }
    }
    await tx.post(paid.flatMap((p) => payoutPostings.paid(p, now)))
    const ids = paid.map((p) => p.id)
    await tx.setBatchStatus(b.id, ['closed'], 'paid', { paymentRef: input.reference, paidAt: now, at: now })
    // settled: erased partners' details, kept only for these payouts, go now
    await tx.forgetErasedDetails(ids)
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'batch.paid',
      subjectType: 'batch',
      subjectId: b.id,
      data: { reference: input.reference, payouts: ids.length },
    })
    await tx.announce(...ids.map((id) => payoutStatusNews(id, 'paid')), {
      queue: 'desk',
      name: 'batch_built',
      data: { batchId: b.id },
      opts: { jobId: `desk-batch-${b.id}-paid` },
    })
    return ids.length
  })
  return batchSummary(deps, input.batchId)
}
