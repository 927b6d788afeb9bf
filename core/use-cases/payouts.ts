import { localDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { storedKeyOf } from '../domain/ids.ts'
import { formatMoney, parseMoney } from '../domain/money.ts'
import { DETAILS_SCHEMA, needsDetails } from '../domain/payment-details.ts'
import {
  expectedPayment,
  isRedeem,
  meetsMinimum,
  minimumMinor,
  needsAgreedDetails,
  type PayoutMethod,
  type PayoutQuote,
  type PayoutStatus,
  periodOfPayDay,
  quotePayout,
  statusBlocker,
} from '../domain/payouts.ts'
import type { Clock } from '../ports/clock.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { Logger } from '../ports/logger.ts'
import type { PayoutEnrolment, PayoutRecord, PayoutStore, PayoutTx } from '../ports/payout-store.ts'
import type { DetailsCipher } from '../ports/secrets.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { lockDetailsOwner, resolveDetails } from './payment-details.ts'
import { payoutPostings } from './payout-ledger.ts'

export interface PayoutDeps {
  payouts: PayoutStore
  clock: Clock
  logger: Logger
  cipher: DetailsCipher
  /** A keyed hash (the installation's secret): fingerprints without revealing what they fingerprint. */
  keyedHash: (value: string) => string
  program: (key: string) => ProgramDefinition | undefined
}

export interface PayoutInput {
  partnerId: string
  programKey: string
  /** Defaults to the program's first currency. */
  currency?: string
  method: PayoutMethod
  /** Decimal string in major units; defaults to everything available. */
  amount?: string
  /** New payment details for this payout (saved, encrypted); omitted -> the partner's saved details. */
  details?: Record<string, unknown>
}

/** What the partner reads before confirming: the same figures the payout will carry. */
export interface PayoutPreview {
  program: string
  currency: string
  method: PayoutMethod
  gross: string
  fee: string
  taxWithheld: string
  net: string
  credit: string | null
  /** The pay date if payouts go on as scheduled. */
  expectedAt: string
  /** The program's team has paused its payouts: the request waits for the first pay date after they resume. */
  payoutsPaused: boolean
  details: string | null
  available: string
}

export const payoutJson = (p: PayoutRecord) => {
  const m = (minor: bigint) => formatMoney({ minor, currency: p.currency })
  return {
    id: p.id,
    program: p.programKey,
    partner: p.partnerId,
    status: p.status,
    currency: p.currency,
    method: p.method,
    gross: m(p.grossMinor),
    fee: m(p.feeMinor),
    taxWithheld: m(p.taxMinor),
    net: m(p.netMinor),
    credit: p.creditMinor === undefined ? null : m(p.creditMinor),
    details: p.detailsMask ?? null,
    reason: p.reason ?? null,
    note: p.note ?? null,
    expectedAt: p.expectedAt?.toISOString() ?? null,
    paidAt: p.paidAt?.toISOString() ?? null,
    paymentRef: p.paymentRef ?? null,
    batch: p.batchId ?? null,
    createdAt: p.createdAt.toISOString(),
  }
}
export type PayoutJson = ReturnType<typeof payoutJson>

export function programOf(deps: PayoutDeps, key: string) {
  const program = deps.program(key)
  if (!program) throw new DomainError('program.not_found', { program: key })
  return program
}

const money = (minor: bigint, currency: string) => formatMoney({ minor, currency })

/**
 * The checks every request passes, in the order a partner can act on them. Each refusal is a DomainError with a
 * reason code and the figures a message needs; nothing is written.
 */
async function evaluate(
  deps: PayoutDeps,
  tx: PayoutTx,
  program: ProgramDefinition,
  input: PayoutInput,
  opts: PreviewOptions = {},
) {
  if (input.details) await lockDetailsOwner(tx, input.partnerId)
  const now = deps.clock.now()
  const enrolment = await tx.lockEnrolmentOf(input.partnerId, program.key)
  if (!enrolment) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
  refuseByStatus(enrolment)
  const currency = input.currency ?? program.currencies[0]!
  if (!program.currencies.includes(currency)) {
    throw new DomainError('payout.currency_not_offered', { currency, currencies: program.currencies })
  }
  if (!program.payout.methods.includes(input.method)) {
    throw new DomainError('payout.method_not_offered', { method: input.method, methods: program.payout.methods })
  }
  // a method paid without payment details refuses them, as saving them for it does (never dropped unread)
  if (input.details && !needsDetails(input.method)) {
    throw new DomainError('payout.details_not_needed', { method: input.method })
  }
  if (enrolment.payoutsBlockedReason)
    throw new DomainError('payout.blocked', { reason: enrolment.payoutsBlockedReason })
  if (enrolment.payoutHoldUntil && enrolment.payoutHoldUntil > now) {
    throw new DomainError('payout.on_hold', {
      until: enrolment.payoutHoldUntil.toISOString(),
      reason: enrolment.payoutHoldReason ?? 'review',
    })
  }
  const redeem = isRedeem(program, input.method)
  const agreement = needsAgreedDetails(program, input.method)
  if (agreement && !enrolment.paymentDetailsAgreed && !opts.agreementAside) {
    throw new DomainError('payout.details_not_agreed', {})
  }
  const needPlayers = program.payout.minNewUsersExclusive
  if (needPlayers !== undefined) {
    const players = await tx.qualifiedUsers(enrolment.id)
    if (players <= needPlayers)
      throw new DomainError('payout.not_enough_players', { players, required: needPlayers + 1 })
  }
  const balance = await tx.balance(enrolment.id, currency, now)
  const available = balance.availableMinor > 0n ? balance.availableMinor : 0n
  let gross = available
  if (input.amount !== undefined) {
    const parsed = parseAmount(input.amount, currency)
    if (parsed > available) {
      throw new DomainError(
        parsed <= available + (balance.pendingMinor > 0n ? balance.pendingMinor : 0n)
          ? 'payout.funds_pending'
          : 'payout.insufficient_funds',
        {
          requested: money(parsed, currency),
          available: money(available, currency),
          pending: money(balance.pendingMinor, currency),
          currency,
        },
      )
    }
    gross = parsed
  }
  if (gross <= 0n) {
    throw new DomainError(balance.pendingMinor > 0n ? 'payout.funds_pending' : 'payout.nothing_available', {
      available: money(available, currency),
      pending: money(balance.pendingMinor, currency),
      currency,
    })
  }
  // below the minimum the money simply stays; a redeem, or the end of an agreement whose terms say so, pays any amount
  const minimum = minimumMinor(program, currency)
  const endedPaysAnyAmount = enrolment.status === 'terminated' && program.termination.unpaid === 'paid_any_amount'
  if (!redeem && !endedPaysAnyAmount && !meetsMinimum(program, currency, gross)) {
    throw new DomainError(program.payout.minimumExclusive ? 'payout.not_above_minimum' : 'payout.below_minimum', {
      minimum: money(minimum, currency),
      available: money(available, currency),
      currency,
      // the amount typed is what falls short (the whole balance would do): the partner is told to ask for more
      ...(input.amount !== undefined && meetsMinimum(program, currency, available)
        ? { requested: money(gross, currency) }
        : {}),
    })
  }
  const details = await resolveDetails(deps, tx, input, enrolment.partnerId)
  // new details void the manager's agreement: they must be agreed before anything is paid to them
  if (input.details && agreement) {
    throw new DomainError('payout.details_not_agreed', {})
  }
  const quote = quotePayout(program, gross, input.method, enrolment.legalType)
  const { expectedAt, payoutsPaused } = await payDateOf(tx, program, now)
  return { enrolment, currency, quote, details, available, expectedAt, payoutsPaused, now }
}

/**
 * The date a request made now is promised, and whether the program's payouts are paused (the request then waits for
 * the first pay date after they resume). On a pay day it is today until that day's batch has started: read under the
 * program's pay-day lock, which the batch takes before it starts and takes every request made before it, so a
 * request promised today is in that batch and one made after it is promised the next pay day.
 */
async function payDateOf(tx: PayoutTx, program: ProgramDefinition, now: Date) {
  if (program.payout.schedule.type === 'on_request')
    return { expectedAt: expectedPayment(program, now, new Map(), false), payoutsPaused: false }
  await tx.lockPayDays(program.key, 'share', now)
  const moved = await tx.movedDates(program.key)
  const period = periodOfPayDay(program, localDate(now, program.timeZone), moved)
  const started = !!period && !!(await tx.batchOf(program.key, period))
  const payoutsPaused = (await tx.pausedAt(program.key)) !== undefined
  return { expectedAt: expectedPayment(program, now, moved, started), payoutsPaused }
}

export function refuseByStatus(e: PayoutEnrolment) {
  switch (statusBlocker(e.status)) {
    case 'partner_blocked':
      throw new DomainError('payout.partner_blocked', {})
    case 'partner_disqualified':
      throw new DomainError('payout.partner_disqualified', {})
    case 'partner_not_active':
      throw new DomainError('payout.partner_not_active', {})
  }
}

/**
 * A requested amount in minor units: more than zero. One with more decimals than the currency has is refused as
 * such (money.too_precise names the currency's limit), so that the partner learns what is wrong with a number they
 * typed; anything else that is not a positive amount is payout.amount_invalid.
 */
function parseAmount(amount: string, currency: string): bigint {
  let minor: bigint
  try {
    minor = parseMoney(amount, currency).minor
  } catch (e) {
    if (e instanceof DomainError && e.code === 'money.too_precise') throw e
    throw new DomainError('payout.amount_invalid', { amount, currency })
  }
  if (minor <= 0n) throw new DomainError('payout.amount_invalid', { amount, currency })
  return minor
}

function previewOf(
  program: ProgramDefinition,
  input: PayoutInput,
  r: Awaited<ReturnType<typeof evaluate>>,
): PayoutPreview {
  const m = (minor: bigint) => money(minor, r.currency)
  const q: PayoutQuote = r.quote
  return {
    program: program.key,
    currency: r.currency,
    method: input.method,
    gross: m(q.grossMinor),
    fee: m(q.feeMinor),
    taxWithheld: m(q.taxMinor),
    net: m(q.netMinor),
    credit: q.creditMinor === undefined ? null : m(q.creditMinor),
    expectedAt: r.expectedAt.toISOString(),
    payoutsPaused: r.payoutsPaused,
    details: r.details?.mask ?? null,
    available: m(r.available),
  }
}

export interface PreviewOptions {
  /**
   * Judge the rest as if the payment details were agreed: whether the money could be paid once they are (the bot
   * lets a partner enter details for agreement ahead of a payout, and says when nothing is payable yet).
   */
  agreementAside?: boolean
}

/** The figures a request would get, without requesting it (the bot shows this before the partner confirms). */
export async function previewPayout(
  deps: PayoutDeps,
  input: PayoutInput,
  opts: PreviewOptions = {},
): Promise<PayoutPreview> {
  const program = programOf(deps, input.programKey)
  // new details are validated but not kept: a transaction that is always rolled back
  const sentinel = Symbol('preview')
  let preview: PayoutPreview | undefined
  try {
    await deps.payouts.transaction(async (tx) => {
      preview = previewOf(program, input, await evaluate(deps, tx, program, input, opts))
      throw sentinel
    })
  } catch (e) {
    if (e !== sentinel) throw e
  }
  return preview!
}

/**
 * What identifies a request's body under its Idempotency-Key: normalised (default currency, amount and details
 * as parsed), and keyed with the installation's secret, so the stored hash says nothing about the details.
 */
function requestHash(deps: PayoutDeps, program: ProgramDefinition, input: PayoutInput): string {
  const currency = input.currency ?? program.currencies[0]!
  let amount: string | null = null
  try {
    amount = input.amount === undefined ? null : formatMoney(parseMoney(input.amount, currency))
  } catch {
    amount = input.amount ?? null
  }
  const schema = DETAILS_SCHEMA[input.method]
  const parsed = input.details && schema ? schema.safeParse(input.details) : undefined
  const details = parsed?.success ? parsed.data : (input.details ?? null)
  const sorted = details && Object.fromEntries(Object.entries(details).sort(([a], [b]) => (a < b ? -1 : 1)))
  return deps.keyedHash(JSON.stringify([program.key, currency, input.method, amount, sorted]))
}

/**
 * A payout request, exactly once per Idempotency-Key: the amount is reserved on the ledger in the same
 * transaction that records the request, under the enrolment's lock, so concurrent requests cannot spend one
 * balance twice. A replayed key gets the first answer; the same key with another body is refused.
 */
export async function requestPayout(
  deps: PayoutDeps,
  input: PayoutInput & {
    idempotencyKey: string
    actor: string
    /** The partner acted in the bot and reads the outcome there: no separate notice. */
    answeredInChat?: boolean
  },
): Promise<{ replayed: boolean; body: { payout: PayoutJson } }> {
  const program = programOf(deps, input.programKey)
  const hash = requestHash(deps, program, input)
  // client keys live apart from the keys the schedule gives batch payouts
  const key = storedKeyOf(`req:${input.idempotencyKey}`)
  const result = await deps.payouts.transaction(async (tx) => {
    if (input.details) await lockDetailsOwner(tx, input.partnerId)
    // the key is the partner's: the same key for another program is another body
    const earlier = await tx.findByKey(input.partnerId, key)
    if (earlier) {
      if (earlier.requestHash !== hash) throw new DomainError('payout.key_conflict', { key: input.idempotencyKey })
      return { replayed: true, body: earlier.response as { payout: PayoutJson } }
    }
    const r = await evaluate(deps, tx, program, input)
    const scheduled = program.payout.schedule.type !== 'on_request'
    const payout = await tx.insertPayout({
      programKey: program.key,
      enrolmentId: r.enrolment.id,
      idempotencyKey: key,
      requestHash: hash,
      currency: r.currency,
      method: input.method,
      grossMinor: r.quote.grossMinor,
      feeMinor: r.quote.feeMinor,
      taxMinor: r.quote.taxMinor,
      netMinor: r.quote.netMinor,
      creditMinor: r.quote.creditMinor,
      status: 'requested',
      detailsId: r.details?.id,
      expectedAt: r.expectedAt,
      createdAt: r.now,
      updatedAt: r.now,
    })
    await reserve(tx, payout, r.now)
    await tx.audit({
      at: r.now,
      actor: input.actor,
      action: 'payout.requested',
      subjectType: 'payout',
      subjectId: payout.id,
      data: {
        program: program.key,
        partner: input.partnerId,
        gross: money(payout.grossMinor, payout.currency),
        scheduled,
      },
    })
    const body = { payout: payoutJson({ ...payout, detailsMask: r.details?.mask }) }
    await tx.setResponse(payout.id, body)
    // paused by the program's team: the notice says the date holds only if they resume by then
    const news = payoutStatusNews(payout.id, 'requested')
    if (r.payoutsPaused) news.data.paused = true
    if (!input.answeredInChat) await tx.announce(news)
    // an on-request program's payout waits for finance: its card goes to the desk
    if (!scheduled) await tx.announce(payoutCardNews(payout.id, 'requested', r.now))
    return { replayed: false, body }
  })
  return result
}

/** The reservation: the gross leaves the available balance now; paid, it goes out; released, it comes back. */
function reserve(tx: PayoutTx, p: PayoutRecord, at: Date) {
  return tx.post(payoutPostings.requested(p, at))
}

/**
 * The partner is told of a payout's new status (notifications queue, ids only), once per status: announced in the
 * transaction that made the change. Where a payout may reach a status again (approved, held, approved again), the
 * change is keyed by the status it came from and its time too (`change`), so each is told.
 */
export const payoutStatusNews = (
  payoutId: string,
  status: PayoutStatus,
  change?: Date | { from: PayoutStatus; at: Date },
): Extract<Announcement, { name: 'payout_status' }> => {
  const key = !change
    ? ''
    : change instanceof Date
      ? `-${change.getTime()}`
      : `-from-${change.from}-${change.at.getTime()}`
  return {
    queue: 'notifications',
    name: 'payout_status',
    data: { payoutId, status },
    opts: { jobId: `payout-${payoutId}-${status}${key}` },
  }
}

/**
 * The Slack desk posts or refreshes the payout's card in the finance channel (the `desk` queue, ids only). The job
 * reads the payout's state when it runs, so each change gets its own job.
 */
export const payoutCardNews = (payoutId: string, status: string, at: Date): Announcement => ({
  queue: 'desk',
  name: 'payout_review',
  data: { payoutId },
  opts: { jobId: `desk-payout-${payoutId}-${status}-${at.getTime()}` },
})
