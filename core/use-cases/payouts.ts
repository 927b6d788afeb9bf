import { DomainError } from '../domain/errors.ts'
import { formatMoney, parseMoney } from '../domain/money.ts'
import { DETAILS_SCHEMA, maskDetails, needsDetails } from '../domain/payment-details.ts'
import {
  expectedPayment,
  isRedeem,
  minimumMinor,
  type PayoutAction,
  type PayoutMethod,
  type PayoutQuote,
  type PayoutStatus,
  payoutTransition,
  quotePayout,
  RELEASES,
} from '../domain/payouts.ts'
import type { Clock } from '../ports/clock.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { Logger } from '../ports/logger.ts'
import type { PayoutEnrolment, PayoutRecord, PayoutStore, PayoutTx, SavedDetails } from '../ports/payout-store.ts'
import type { DetailsCipher } from '../ports/secrets.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

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
  expectedAt: string
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
    expectedAt: p.expectedAt?.toISOString() ?? null,
    paidAt: p.paidAt?.toISOString() ?? null,
    paymentRef: p.paymentRef ?? null,
    batch: p.batchId ?? null,
    createdAt: p.createdAt.toISOString(),
  }
}
export type PayoutJson = ReturnType<typeof payoutJson>

function programOf(deps: PayoutDeps, key: string) {
  const program = deps.program(key)
  if (!program) throw new DomainError('program.not_found', { program: key })
  return program
}

const money = (minor: bigint, currency: string) => formatMoney({ minor, currency })

/**
 * The checks every request passes, in the order a partner can act on them. Each refusal is a DomainError with a
 * reason code and the figures a message needs; nothing is written.
 */
async function evaluate(deps: PayoutDeps, tx: PayoutTx, program: ProgramDefinition, input: PayoutInput) {
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
  if (enrolment.payoutHoldUntil && enrolment.payoutHoldUntil > now) {
    throw new DomainError('payout.on_hold', {
      until: enrolment.payoutHoldUntil.toISOString(),
      reason: enrolment.payoutHoldReason ?? 'review',
    })
  }
  const redeem = isRedeem(program, input.method)
  if (!redeem && program.payout.requiresAgreedDetails && !enrolment.paymentDetailsAgreed) {
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
  // below the minimum the money simply stays; a redeem or the end of the agreement pays any amount
  const minimum = minimumMinor(program, currency)
  if (!redeem && enrolment.status !== 'terminated' && gross < minimum) {
    throw new DomainError('payout.below_minimum', {
      minimum: money(minimum, currency),
      available: money(available, currency),
      currency,
    })
  }
  const details = await resolveDetails(deps, tx, input, enrolment.partnerId)
  // new details void the manager's agreement: they must be agreed before anything is paid to them
  if (input.details && !redeem && program.payout.requiresAgreedDetails) {
    throw new DomainError('payout.details_not_agreed', {})
  }
  const quote = quotePayout(program, gross, input.method, enrolment.legalType)
  const moved =
    program.payout.schedule.type === 'on_request' ? new Map<string, string>() : await tx.movedDates(program.key)
  return { enrolment, currency, quote, details, available, expectedAt: expectedPayment(program, now, moved), now }
}

function refuseByStatus(e: PayoutEnrolment) {
  if (e.status === 'blocked') throw new DomainError('payout.partner_blocked', {})
  if (e.status === 'disqualified') throw new DomainError('payout.partner_disqualified', {})
  if (e.status === 'applied') throw new DomainError('payout.partner_not_active', {})
}

function parseAmount(amount: string, currency: string): bigint {
  try {
    const m = parseMoney(amount, currency)
    if (m.minor <= 0n) throw new Error('not positive')
    return m.minor
  } catch {
    throw new DomainError('payout.amount_invalid', { amount, currency })
  }
}

/** New details are validated and stored encrypted; otherwise the partner's saved ones for the method. */
async function resolveDetails(
  deps: PayoutDeps,
  tx: PayoutTx,
  input: PayoutInput,
  partnerId: string,
): Promise<SavedDetails | undefined> {
  if (!needsDetails(input.method)) return undefined
  if (input.details) return saveDetails(deps, tx, partnerId, input.method, input.details)
  const saved = await tx.currentDetails(partnerId, input.method)
  if (!saved) throw new DomainError('payout.details_missing', { method: input.method })
  return saved
}

/**
 * A transaction that may save payment details locks their owner first, before any enrolment: the order an erasure
 * takes too (partner, then enrolments), so neither can see the other half done, and they cannot deadlock.
 */
async function lockDetailsOwner(tx: PayoutTx, partnerId: string) {
  if (!(await tx.lockPartner(partnerId))) throw new DomainError('partner.not_found', { partner: partnerId })
}

async function saveDetails(
  deps: PayoutDeps,
  tx: PayoutTx,
  partnerId: string,
  method: PayoutMethod,
  raw: Record<string, unknown>,
): Promise<SavedDetails> {
  const schema = DETAILS_SCHEMA[method]
  if (!schema) throw new DomainError('payout.details_not_needed', { method })
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    throw new DomainError(
      'payout.details_invalid',
      { method, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      'The payment details are not valid',
    )
  }
  // the transaction took the partner's lock first (lockDetailsOwner); taking it again here changes nothing
  await lockDetailsOwner(tx, partnerId)
  const { keyId, ciphertext } = deps.cipher.encrypt(Buffer.from(JSON.stringify(parsed.data)), partnerId)
  return tx.saveDetails({
    partnerId,
    method,
    keyId,
    ciphertext,
    mask: maskDetails(method, parsed.data),
    at: deps.clock.now(),
  })
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
    details: r.details?.mask ?? null,
    available: m(r.available),
  }
}

/** The figures a request would get, without requesting it (the bot shows this before the partner confirms). */
export async function previewPayout(deps: PayoutDeps, input: PayoutInput): Promise<PayoutPreview> {
  const program = programOf(deps, input.programKey)
  // new details are validated but not kept: a transaction that is always rolled back
  const sentinel = Symbol('preview')
  let preview: PayoutPreview | undefined
  try {
    await deps.payouts.transaction(async (tx) => {
      preview = previewOf(program, input, await evaluate(deps, tx, program, input))
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
  const key = `req:${input.idempotencyKey}`
  const result = await deps.payouts.transaction(async (tx) => {
    if (input.details) await lockDetailsOwner(tx, input.partnerId)
    const enrolment = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (enrolment) {
      const earlier = await tx.findByKey(enrolment.id, key)
      if (earlier) {
        if (earlier.requestHash !== hash) throw new DomainError('payout.key_conflict', { key: input.idempotencyKey })
        return { replayed: true, body: earlier.response as { payout: PayoutJson } }
      }
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
    if (!input.answeredInChat) await tx.announce(payoutStatusNews(payout.id, 'requested'))
    // an on-request program's payout waits for finance: its card goes to the desk
    if (!scheduled) await tx.announce(payoutCardNews(payout.id, 'requested', r.now))
    return { replayed: false, body }
  })
  return result
}

/** The reservation: the gross leaves the available balance now; paid, it stays out; released, it comes back. */
export function reserve(tx: PayoutTx, p: PayoutRecord, at: Date) {
  return tx.post([
    {
      journal: `payout:${p.id}`,
      seq: 0,
      programKey: p.programKey,
      enrolmentId: p.enrolmentId,
      account: 'payout',
      currency: p.currency,
      amountMinor: -p.grossMinor,
      kind: 'payout',
      payoutId: p.id,
      effectiveAt: at,
      createdAt: at,
    },
  ])
}

export interface DecisionInput {
  payoutId: string
  action: PayoutAction
  /** Reason code for reject, hold and cancel (the partner reads it in their language). */
  reason?: string
  /** The payment's reference (bank transfer id), required to mark a payout paid. */
  reference?: string
  actor: string
  /** Cancellation by the partner: only their own payout. */
  partnerId?: string
  /** The partner acted in the bot and reads the outcome there: no separate notice. */
  answeredInChat?: boolean
}

/**
 * Approve, hold for review, reject, cancel or mark paid, as the transition table allows, compare-and-set. A
 * rejection or cancellation gives the reserved amount back in the same transaction; a paid payout is final.
 */
export async function decidePayout(deps: PayoutDeps, input: DecisionInput): Promise<{ payout: PayoutJson }> {
  if ((input.action === 'reject' || input.action === 'hold') && !input.reason) {
    throw new DomainError('payout.reason_required', { action: input.action })
  }
  if (input.action === 'pay' && !input.reference) throw new DomainError('payout.reference_required', {})
  const payout = await deps.payouts.transaction(async (tx) => {
    const now = deps.clock.now()
    // lock order as everywhere else: the enrolment, then the payout
    const seen = await tx.readPayout(input.payoutId)
    if (!seen || (input.partnerId && seen.partnerId !== input.partnerId)) {
      throw new DomainError('payout.not_found', { payout: input.payoutId })
    }
    const enrolment = await tx.lockEnrolmentOf(seen.partnerId, seen.programKey)
    const p = await tx.lockPayout(input.payoutId)
    if (!p || !enrolment) throw new DomainError('payout.not_found', { payout: input.payoutId })
    const t = payoutTransition(input.action, p.status)
    if (input.action === 'approve' || input.action === 'pay') {
      refuseByStatus(enrolment)
      if (input.action === 'approve' && enrolment.payoutHoldUntil && enrolment.payoutHoldUntil > now) {
        throw new DomainError('payout.on_hold', {
          until: enrolment.payoutHoldUntil.toISOString(),
          reason: enrolment.payoutHoldReason ?? 'review',
        })
      }
    }
    if ((input.action === 'reject' || input.action === 'hold') && p.batchId) {
      const batch = await tx.lockBatch(p.batchId)
      // finance may be paying the exported batch: taking money back now could pay it twice
      if (batch && batch.status !== 'open') throw new DomainError('payout.in_closed_batch', { batch: batch.id })
    }
    const changes = {
      reason: input.reason,
      decidedBy: input.actor,
      ...(input.action === 'pay' ? { paymentRef: input.reference, paidAt: now } : {}),
      at: now,
    }
    if (!(await tx.setStatus(p.id, t.from, t.to, changes))) {
      throw new DomainError('payout.changed_concurrently', { payout: p.id })
    }
    if (RELEASES.includes(t.to)) await release(tx, p, now)
    // settled: an erased partner's details, kept only for this payout, go now
    if (t.to === 'paid' || RELEASES.includes(t.to)) await tx.forgetErasedDetails([p.id])
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `payout.${input.action}`,
      subjectType: 'payout',
      subjectId: p.id,
      reason: input.reason,
      data: { from: p.status, to: t.to, ...(input.reference ? { reference: input.reference } : {}) },
    })
    if (!input.answeredInChat) await tx.announce(payoutStatusNews(p.id, t.to))
    // the desk's card shows the decision (or, sent to review, a new card asks for one)
    await tx.announce(payoutCardNews(p.id, t.to, now))
    return { ...p, ...changes, status: t.to }
  })
  return { payout: payoutJson(payout) }
}

function release(tx: PayoutTx, p: PayoutRecord, at: Date) {
  return tx.post([
    {
      journal: `payout-release:${p.id}`,
      seq: 0,
      programKey: p.programKey,
      enrolmentId: p.enrolmentId,
      account: 'payout',
      currency: p.currency,
      amountMinor: p.grossMinor,
      kind: 'payout_release',
      reason: p.status,
      payoutId: p.id,
      effectiveAt: at,
      createdAt: at,
    },
  ])
}

/** Saves a partner's payment details for a method (encrypted); only the mask comes back. */
export async function savePaymentDetails(
  deps: PayoutDeps,
  input: { partnerId: string; method: PayoutMethod; details: Record<string, unknown>; actor: string },
): Promise<SavedDetails> {
  return deps.payouts.transaction(async (tx) => {
    await lockDetailsOwner(tx, input.partnerId)
    const saved = await saveDetails(deps, tx, input.partnerId, input.method, input.details)
    await tx.audit({
      at: deps.clock.now(),
      actor: input.actor,
      action: 'payment_details.saved',
      subjectType: 'partner',
      subjectId: input.partnerId,
      data: { method: input.method, mask: saved.mask },
    })
    return saved
  })
}

/**
 * The partner is told of a payout's new status (notifications queue, ids only), once per status: announced in the
 * transaction that made the change (`withTime` keys it by time too, where a payout may reach a status again).
 */
export const payoutStatusNews = (payoutId: string, status: PayoutStatus, withTime?: Date): Announcement => ({
  queue: 'notifications',
  name: 'payout_status',
  data: { payoutId, status },
  opts: { jobId: `payout-${payoutId}-${status}${withTime ? `-${withTime.getTime()}` : ''}` },
})

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

/**
 * The manager's side of a partner's payouts: payment details agreed (melbet pays only then) and a payout hold
 * with its reason, no longer than the program allows (melbet: up to 2 months). Audited.
 */
export async function setPayoutSettings(
  deps: PayoutDeps,
  input: {
    partnerId: string
    programKey: string
    detailsAgreed?: boolean
    hold?: { until: Date; reason: string } | null
    actor: string
  },
): Promise<{ program: string; detailsAgreed: boolean; holdUntil: string | null; holdReason: string | null }> {
  const program = programOf(deps, input.programKey)
  const now = deps.clock.now()
  if (input.hold) {
    const max = program.payout.maxHoldDays
    if (max === undefined) throw new DomainError('payout.hold_not_allowed', { program: program.key })
    if (input.hold.until <= now) throw new DomainError('payout.hold_in_past', { until: input.hold.until.toISOString() })
    if (input.hold.until.getTime() - now.getTime() > max * 86_400_000) {
      throw new DomainError('payout.hold_too_long', { maxDays: max })
    }
  }
  return deps.payouts.transaction(async (tx) => {
    const e = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (!e) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
    const updated = await tx.setPayoutSettings(e.id, {
      detailsAgreed: input.detailsAgreed,
      hold: input.hold,
      at: now,
    })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'payout.settings',
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.hold?.reason,
      data: {
        program: program.key,
        ...(input.detailsAgreed !== undefined ? { detailsAgreed: input.detailsAgreed } : {}),
        ...(input.hold !== undefined ? { holdUntil: input.hold?.until.toISOString() ?? null } : {}),
      },
    })
    return {
      program: program.key,
      detailsAgreed: updated.paymentDetailsAgreed,
      holdUntil: updated.payoutHoldUntil?.toISOString() ?? null,
      holdReason: updated.payoutHoldReason ?? null,
    }
  })
}

/**
 * Key rotation: every record under an older key is decrypted and encrypted again under the current one, after
 * which the old key can leave PAYMENT_DETAILS_KEYS. Idempotent; safe beside live writes (compare-and-set).
 */
export async function rewrapPaymentDetails(
  deps: PayoutDeps,
  actor: string,
): Promise<{ rewrapped: number; keyId: string }> {
  const keyId = deps.cipher.currentKeyId
  let rewrapped = 0
  for (;;) {
    const page = await deps.payouts.detailsNotUnder(keyId, 200)
    if (!page.length) break
    for (const r of page) {
      const plain = deps.cipher.decrypt(r.keyId, r.ciphertext, r.partnerId)
      const next = deps.cipher.encrypt(plain, r.partnerId)
      if (await deps.payouts.rewrapDetails(r.id, r.keyId, next.keyId, next.ciphertext)) rewrapped++
    }
  }
  await deps.payouts.transaction((tx) =>
    tx.audit({
      at: deps.clock.now(),
      actor,
      action: 'payment_details.rewrapped',
      subjectType: 'system',
      subjectId: 'payment_details',
      data: { keyId, rewrapped },
    }),
  )
  return { rewrapped, keyId }
}
