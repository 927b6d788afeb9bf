import { isoDate, type LocalDate, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import { batchPeriod, isPayDay, minimumMinor, nextPayDate, quotePayout } from '../domain/payouts.ts'
import type { BatchCandidate, BatchRecord, PayoutRecord } from '../ports/payout-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { notifyPayout, type PayoutDeps, payoutJson } from './payouts.ts'

const CHUNK = 500

function scheduledProgram(deps: PayoutDeps, key: string) {
  const program = deps.program(key)
  if (!program) throw new DomainError('program.not_found', { program: key })
  if (program.payout.schedule.type === 'on_request') throw new DomainError('payout.not_scheduled', { program: key })
  return program
}

const parseDay = (s: string): LocalDate => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) throw new DomainError('payout.bad_date', { date: s })
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day))
  if (check.getUTCMonth() !== d.month - 1 || check.getUTCDate() !== d.day)
    throw new DomainError('payout.bad_date', { date: s })
  return d
}

export interface PayDayResult {
  program: string
  day: string
  outcome: 'not_a_pay_day' | 'paused' | 'built'
  batch?: BatchSummary
}

/**
 * The daily job of a scheduled program (BullMQ, in the program's time zone): on a pay day that is not paused,
 * build that day's batch. Safe to run again: the batch and each of its payouts are keyed, so a rerun after a
 * crash completes the batch without paying anyone twice.
 */
export async function runPayDay(deps: PayoutDeps, programKey: string, day?: string): Promise<PayDayResult> {
  const program = scheduledProgram(deps, programKey)
  const today = day ? parseDay(day) : localDate(deps.clock.now(), program.timeZone)
  const { moved, pausedAt } = await deps.payouts.transaction(async (tx) => ({
    moved: await tx.movedDates(program.key),
    pausedAt: await tx.pausedAt(program.key),
  }))
  const base = { program: program.key, day: isoDate(today) }
  if (!day && !isPayDay(program, today, moved)) return { ...base, outcome: 'not_a_pay_day' }
  if (pausedAt) return { ...base, outcome: 'paused' }
  return { ...base, outcome: 'built', batch: await buildBatch(deps, program, today) }
}

async function buildBatch(deps: PayoutDeps, program: ProgramDefinition, payDay: LocalDate): Promise<BatchSummary> {
  const now = deps.clock.now()
  const period = batchPeriod(program, payDay)
  const payDate = startOfLocalDate(payDay, program.timeZone)
  const batch = await deps.payouts.transaction((tx) =>
    tx.upsertBatch({ programKey: program.key, periodStart: period.start, periodEnd: period.end, payDate }, now),
  )
  if (batch.status !== 'open') return summarize(deps, batch)
  const created: string[] = []
  // 1. requests waiting for this pay date join the batch, approved by the schedule
  for (const p of await deps.payouts.queuedPayouts(program.key, payDate)) {
    const moved = await deps.payouts.transaction(async (tx) => {
      const ok = await tx.setStatus(p.id, ['requested', 'approved'], 'approved', {
        batchId: batch.id,
        decidedBy: 'schedule',
        at: now,
      })
      if (ok) {
        await tx.audit({
          at: now,
          actor: 'schedule',
          action: 'payout.batched',
          subjectType: 'payout',
          subjectId: p.id,
          data: { batch: batch.id },
        })
      }
      return ok
    })
    if (moved && p.status === 'requested') created.push(p.id)
  }
  // 2. weekly programs pay every eligible balance of the period without a request (melbet)
  if (program.payout.schedule.type === 'weekly') {
    const candidates = (await deps.payouts.batchCandidates(program.key, period.end)).filter((c) =>
      eligible(program, c, now),
    )
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const ids = await deps.payouts.transaction((tx) =>
        payChunk(tx, program, batch, candidates.slice(i, i + CHUNK), period.end, now),
      )
      created.push(...ids)
    }
  }
  await deps.payouts.transaction((tx) => tx.setBatchStatus(batch.id, ['open'], 'closed', { at: now }))
  for (const id of created) await notifyPayout(deps, id, 'approved')
  deps.logger.info({ program: program.key, batch: batch.id, payouts: created.length }, 'payout batch built')
  return summarize(deps, { ...batch, status: 'closed' })
}

/** Melbet's conditions: agreed details, more than 4 players, not on hold, above the minimum. */
function eligible(program: ProgramDefinition, c: BatchCandidate, now: Date) {
  const e = c.enrolment
  if (e.status !== 'active' && e.status !== 'terminated') return false
  if (e.payoutHoldUntil && e.payoutHoldUntil > now) return false
  if (program.payout.requiresAgreedDetails && !e.paymentDetailsAgreed) return false
  const needed = program.payout.minNewUsersExclusive
  if (needed !== undefined && c.qualifiedUsers <= needed) return false
  if (!c.details) return false
  return c.availableMinor >= minimumMinor(program, c.currency) && c.availableMinor > 0n
}

async function payChunk(
  tx: Parameters<Parameters<PayoutDeps['payouts']['transaction']>[0]>[0],
  program: ProgramDefinition,
  batch: BatchRecord,
  chunk: BatchCandidate[],
  asOf: Date,
  now: Date,
): Promise<string[]> {
  const ids: string[] = []
  for (const c of chunk) {
    const key = `batch:${batch.id}:${c.currency}`
    const enrolment = await tx.lockEnrolmentOf(c.enrolment.partnerId, program.key)
    if (!enrolment || (await tx.findByKey(enrolment.id, key))) continue // paid by an earlier run of this batch
    // re-read under the lock: a request or event since the candidates were read changes the amount
    const balance = await tx.balance(enrolment.id, c.currency, asOf)
    if (balance.availableMinor < minimumMinor(program, c.currency) || balance.availableMinor <= 0n) continue
    const method = c.details!.method
    const q = quotePayout(program, balance.availableMinor, method, enrolment.legalType)
    const p = await tx.insertPayout({
      programKey: program.key,
      enrolmentId: enrolment.id,
      idempotencyKey: key,
      requestHash: 'schedule',
      currency: c.currency,
      method,
      grossMinor: q.grossMinor,
      feeMinor: q.feeMinor,
      taxMinor: q.taxMinor,
      netMinor: q.netMinor,
      creditMinor: q.creditMinor,
      status: 'approved',
      decidedBy: 'schedule',
      detailsId: c.details!.id,
      batchId: batch.id,
      expectedAt: batch.payDate,
      createdAt: now,
      updatedAt: now,
    })
    await tx.post([
      {
        journal: `payout:${p.id}`,
        seq: 0,
        programKey: program.key,
        enrolmentId: enrolment.id,
        account: 'payout',
        currency: p.currency,
        amountMinor: -p.grossMinor,
        kind: 'payout',
        payoutId: p.id,
        effectiveAt: now,
        createdAt: now,
      },
    ])
    await tx.setResponse(p.id, { payout: payoutJson({ ...p, detailsMask: c.details!.mask }) })
    ids.push(p.id)
  }
  return ids
}

export interface BatchSummary {
  id: string
  program: string
  status: BatchRecord['status']
  periodStart: string
  periodEnd: string
  payDate: string
  paidAt: string | null
  paymentRef: string | null
  payouts: number
  totals: { currency: string; count: number; gross: string; fee: string; taxWithheld: string; net: string }[]
}

async function summarize(deps: PayoutDeps, b: BatchRecord): Promise<BatchSummary> {
  const payouts = await deps.payouts.batchPayouts(b.id)
  const totals = new Map<string, { count: number; gross: bigint; fee: bigint; tax: bigint; net: bigint }>()
  for (const p of payouts.filter((x) => x.status === 'approved' || x.status === 'paid')) {
    const t = totals.get(p.currency) ?? { count: 0, gross: 0n, fee: 0n, tax: 0n, net: 0n }
    t.count++
    t.gross += p.grossMinor
    t.fee += p.feeMinor
    t.tax += p.taxMinor
    t.net += p.netMinor
    totals.set(p.currency, t)
  }
  const m = (minor: bigint, currency: string) => formatMoney({ minor, currency })
  return {
    id: b.id,
    program: b.programKey,
    status: b.status,
    periodStart: b.periodStart.toISOString(),
    periodEnd: b.periodEnd.toISOString(),
    payDate: b.payDate.toISOString(),
    paidAt: b.paidAt?.toISOString() ?? null,
    paymentRef: b.paymentRef ?? null,
    payouts: payouts.length,
    totals: [...totals].map(([currency, t]) => ({
      currency,
      count: t.count,
      gross: m(t.gross, currency),
      fee: m(t.fee, currency),
      taxWithheld: m(t.tax, currency),
      net: m(t.net, currency),
    })),
  }
}

export async function batchSummary(deps: PayoutDeps, batchId: string): Promise<BatchSummary> {
  const b = await deps.payouts.transaction((tx) => tx.lockBatch(batchId))
  if (!b) throw new DomainError('batch.not_found', { batch: batchId })
  return summarize(deps, b)
}

export async function listBatches(deps: PayoutDeps, programKey?: string): Promise<BatchSummary[]> {
  return Promise.all((await deps.payouts.batches(programKey, 50)).map((b) => summarize(deps, b)))
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/** Finance's export: one line per payout, details masked (the transfer itself is made from the bank's records). */
export async function batchCsv(deps: PayoutDeps, batchId: string): Promise<string> {
  await batchSummary(deps, batchId)
  const rows = (await deps.payouts.batchPayouts(batchId)).map((p: PayoutRecord) => {
    const j = payoutJson(p)
    return [
      j.id,
      j.partner,
      j.status,
      j.method,
      j.details ?? '',
      j.currency,
      j.gross,
      j.fee,
      j.taxWithheld,
      j.net,
      j.paymentRef ?? '',
    ]
  })
  const header = [
    'payout',
    'partner',
    'status',
    'method',
    'details',
    'currency',
    'gross',
    'fee',
    'tax_withheld',
    'net',
    'payment_ref',
  ]
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/** Finance paid the batch: every approved payout in it becomes paid with the reference; final. */
export async function markBatchPaid(
  deps: PayoutDeps,
  input: { batchId: string; reference: string; actor: string },
): Promise<BatchSummary> {
  const now = deps.clock.now()
  const paid = await deps.payouts.transaction(async (tx) => {
    const b = await tx.lockBatch(input.batchId)
    if (!b) throw new DomainError('batch.not_found', { batch: input.batchId })
    if (b.status !== 'closed') throw new DomainError('batch.not_payable', { batch: b.id, status: b.status })
    const ids: string[] = []
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
        ids.push(p.id)
      }
    }
    await tx.setBatchStatus(b.id, ['closed'], 'paid', { paymentRef: input.reference, paidAt: now, at: now })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'batch.paid',
      subjectType: 'batch',
      subjectId: b.id,
      data: { reference: input.reference, payouts: ids.length },
    })
    return ids
  })
  for (const id of paid) await notifyPayout(deps, id, 'paid')
  return batchSummary(deps, input.batchId)
}

/** Pause or resume a program's payouts; resuming builds the batch of a pay date missed while paused. */
export async function setPayoutsPaused(
  deps: PayoutDeps,
  input: { programKey: string; paused: boolean; reason: string; actor: string },
): Promise<{ program: string; paused: boolean; batch?: BatchSummary }> {
  const program = scheduledProgram(deps, input.programKey)
  const now = deps.clock.now()
  await deps.payouts.transaction(async (tx) => {
    await tx.setPaused(program.key, input.paused ? { actor: input.actor, reason: input.reason } : null, now)
    await tx.audit({
      at: now,
      actor: input.actor,
      action: input.paused ? 'payouts.paused' : 'payouts.resumed',
      subjectType: 'program',
      subjectId: program.key,
      reason: input.reason,
      data: {},
    })
  })
  if (input.paused) return { program: program.key, paused: true }
  // requests queued during the pause are paid now, in a batch of today
  const queued = await deps.payouts.queuedPayouts(
    program.key,
    startOfLocalDate(localDate(now, program.timeZone), program.timeZone),
  )
  if (!queued.length) return { program: program.key, paused: false }
  return {
    program: program.key,
    paused: false,
    batch: await buildBatch(deps, program, localDate(now, program.timeZone)),
  }
}

/** An admin moves a scheduled pay date (chetup: the 25th "may be postponed"). */
export async function movePayDate(
  deps: PayoutDeps,
  input: { programKey: string; scheduled: string; movedTo: string; reason: string; actor: string },
): Promise<{ program: string; scheduled: string; movedTo: string; nextPayDate: string }> {
  const program = scheduledProgram(deps, input.programKey)
  const scheduled = parseDay(input.scheduled)
  const movedTo = parseDay(input.movedTo)
  const today = localDate(deps.clock.now(), program.timeZone)
  if (isoDate(movedTo) < isoDate(today)) throw new DomainError('payout.date_in_past', { date: input.movedTo })
  if (!isPayDay(program, scheduled, new Map()))
    throw new DomainError('payout.not_a_pay_date', { date: input.scheduled })
  const now = deps.clock.now()
  const moved = await deps.payouts.transaction(async (tx) => {
    await tx.moveDate({
      programKey: program.key,
      scheduled: isoDate(scheduled),
      movedTo: isoDate(movedTo),
      actor: input.actor,
      reason: input.reason,
      at: now,
    })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'payouts.date_moved',
      subjectType: 'program',
      subjectId: program.key,
      reason: input.reason,
      data: { scheduled: isoDate(scheduled), movedTo: isoDate(movedTo) },
    })
    return tx.movedDates(program.key)
  })
  return {
    program: program.key,
    scheduled: isoDate(scheduled),
    movedTo: isoDate(movedTo),
    nextPayDate: isoDate(nextPayDate(program, today, moved)!),
  }
}
