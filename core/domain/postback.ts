import { createHash } from 'node:crypto'
import { z } from 'zod'
import { EVENT_TYPES, type EventType, type ProgramDefinition } from '../programs/definition.ts'
import { DomainError, type ErrorData } from './errors.ts'
import { type FieldIssue, fieldIssues, PLAIN_WORDS } from './field-issues.ts'
import { UUID } from './ids.ts'
import { canonicalIp } from './ip.ts'
import { isKnownCurrency, parseMoney } from './money.ts'
import { MAX_CLOCK_SKEW_MS } from './text.ts'

/** A conversion event as the program sent it, validated (contract section 1). */
export interface IncomingEvent {
  id: string
  type: EventType
  occurredAt: Date
  customer: string
  ref?: string
  campaign?: string
  order?: string
  amountMinor?: bigint
  currency?: string
  listAmountMinor?: bigint
  monthsPaid?: number
  settled: boolean
  ip?: string
  country?: string
  /** The click id the landing page received (`click=`), when the program passes it on. */
  click?: string
  /**
   * The customer's kind in the program's system, when it has one that matters (worksection: `integrator`,
   * `reseller`); kinds listed in the program's quality.customerKindsWithoutReward never earn.
   */
  customerKind?: string
}

export type { FieldIssue }

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
    // half a surrogate pair: PostgreSQL refuses it in the stored body, and the sender would retry for ever
    .refine((s) => !/[\uD800-\uDFFF]/u.test(s), 'must not contain unpaired surrogates')
const decimalString = z.string({ error: 'must be a decimal string such as "15.00"' })

const bodySchema = z
  .object({
    id: text(256),
    type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
    occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time with offset' }),
    customer: text(256),
    ref: text(64).optional(),
    campaign: text(64).optional(),
    order: text(256).optional(),
    amount: decimalString.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .optional(),
    listAmount: decimalString.optional(),
    monthsPaid: z.number().int('must be a whole number').min(0).max(120).optional(),
    settled: z.boolean({ error: 'must be true or false' }).optional(),
    ip: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as GE')
      .optional(),
    click: z.string().regex(UUID, 'must be the click id the landing page received (a UUID)').optional(),
    customerKind: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lower-case kind such as integrator or reseller')
      .optional(),
  })
  .strict()

const MONEY_EVENTS: ReadonlySet<EventType> = new Set(['payment', 'revenue'])

/**
 * Validates a postback body for a program. Throws DomainError `postback.invalid` with field-level issues;
 * nothing about the event is trusted before this passes.
 */
/** How far ahead of the service clock an event may claim to have happened (clock skew between systems). */

export function parsePostback(body: unknown, program: ProgramDefinition, now: Date): IncomingEvent {
  const parsed = bodySchema.safeParse(body, PLAIN_WORDS)
  if (!parsed.success) {
    throw new DomainError('postback.invalid', { issues: fieldIssues(parsed.error, '(body)') })
  }
  const b = parsed.data
  const issues: FieldIssue[] = []
  const money = (field: 'amount' | 'listAmount', raw: string | undefined, negativeOk: boolean) => {
    if (raw === undefined) return undefined
    if (!b.currency) {
      issues.push({ path: 'currency', message: `is required with ${field}` })
      return undefined
    }
    try {
      const m = parseMoney(raw, b.currency).minor
      if (m < 0n && !negativeOk) issues.push({ path: field, message: 'must not be negative' })
      return m
    } catch (e) {
      const code = e instanceof DomainError ? e.code : ''
      issues.push({
        path: field,
        message:
          code === 'money.too_precise'
            ? `has more decimals than ${b.currency} allows`
            : code === 'money.unknown_currency'
              ? 'cannot be read: unknown currency'
              : 'must be a plain decimal such as "15.00" (no exponent, no sign on zero)',
      })
      return undefined
    }
  }
  if (b.currency && (!isKnownCurrency(b.currency) || !program.currencies.includes(b.currency))) {
    issues.push({ path: 'currency', message: `must be one of ${program.currencies.join(', ')} for this program` })
  }
  const amountMinor = money('amount', b.amount, b.type === 'revenue')
  const listAmountMinor = money('listAmount', b.listAmount, false)
  // the price before a discount: never below what was paid (a refund's amount is a part of it, any size)
  const undoing = b.type === 'refund' || b.type === 'cancellation'
  if (!undoing && listAmountMinor !== undefined && amountMinor !== undefined && listAmountMinor < amountMinor)
    issues.push({ path: 'listAmount', message: 'is the price before the discount: it cannot be below amount' })
  if (MONEY_EVENTS.has(b.type) && b.amount === undefined)
    issues.push({ path: 'amount', message: `is required for ${b.type}` })
  // a refund of nothing undoes nothing: it would only write a reversal line of 0.00 (omit amount for the whole order)
  if (b.type === 'refund' && amountMinor === 0n)
    issues.push({ path: 'amount', message: 'must be more than 0 for a refund (omit it to refund the whole order)' })
  if ((b.type === 'refund' || b.type === 'cancellation') && !b.order) {
    issues.push({ path: 'order', message: `is required for ${b.type}: name the order it undoes` })
  }
  // unsettled revenue is held until its settlement names it: without an order nothing could ever settle it
  if (b.type === 'revenue' && b.settled === false && !b.order) {
    issues.push({ path: 'order', message: 'is required for unsettled revenue: its settlement names it' })
  }
  if (program.commission.type === 'campaigns' && !b.campaign && !['refund', 'cancellation'].includes(b.type)) {
    issues.push({ path: 'campaign', message: 'is required by this program' })
  }
  if (new Date(b.occurredAt).getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    issues.push({ path: 'occurredAt', message: 'is in the future' })
  }
  if (issues.length) throw new DomainError('postback.invalid', { issues })
  return {
    id: b.id,
    type: b.type,
    occurredAt: new Date(b.occurredAt),
    customer: b.customer,
    ref: b.ref,
    campaign: b.campaign,
    order: b.order,
    amountMinor,
    currency: b.currency,
    listAmountMinor,
    monthsPaid: b.monthsPaid,
    settled: b.settled ?? true,
    // the address in one written form: the IP rules compare its keyed hash
    ip: b.ip && canonicalIp(b.ip),
    country: b.country,
    click: b.click?.toLowerCase(),
    customerKind: b.customerKind,
  }
}

/**
 * The body as it is stored: without the customer's IP address, which is kept only as a keyed hash (the event's
 * ip_hash). The body hash that detects replays is taken from the body as it was sent, before this.
 */
export function storedPayload(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('ip' in body)) return body
  const { ip: _ip, ...rest } = body as Record<string, unknown>
  return rest
}

/** Refusal codes of events that are well formed but cannot be true (422, with the field named). */
export type TimeRefusal =
  | 'postback.too_old'
  | 'postback.before_enrolment'
  | 'postback.before_click'
  | 'postback.before_order'
  | 'postback.unknown_click'
  | 'postback.click_mismatch'

export const refuse = <C extends TimeRefusal>(
  code: C,
  path: 'occurredAt' | 'click',
  message: string,
  data: Omit<ErrorData[C], 'issues'>,
) => new DomainError<TimeRefusal>(code, { ...data, issues: [{ path, message }] } as ErrorData[C], message)

const DAY_MS = 86_400_000

/**
 * Clocks of two systems disagree a little: an event may claim to be this much earlier than the click or the
 * registration it follows (the same tolerance as for events from the future).
 */
const CLOCK_SKEW_MS = MAX_CLOCK_SKEW_MS

/** Holds count from `occurredAt`: an event older than this (the program's postbacks.maxDelayDays) is suspect. */
export const lateBound = (program: ProgramDefinition, now: Date) =>
  new Date(now.getTime() - program.postbacks.maxDelayDays * DAY_MS)

/** The partner side of what bounds an event's date: when it registered, and when that was recorded here. */
export interface EnrolmentDates {
  registeredAt: Date
  enrolledAt?: Date
}

/**
 * The earliest time an event of a partner's customer may claim, and the refusal for an earlier one. Holds count
 * from `occurredAt`, so a backdated event would skip them:
 * - no event is older than the program's `postbacks.maxDelayDays` (postback.too_old),
 * - except while a partner imported with its own, earlier `registeredAt` has its history sent: during the first
 *   maxDelayDays after the import, events back to that registration are accepted;
 * - never before an imported partner's registration (postback.before_enrolment).
 * A partner enrolled here registered at that moment; its program may report conversions up to maxDelayDays late
 * (the worked examples of programs.md do), so for it the window alone applies.
 */
export function earliestEventOf(
  enrolment: EnrolmentDates | undefined,
  program: ProgramDefinition,
  now: Date,
): { at: Date; code: 'postback.too_old' | 'postback.before_enrolment' } {
  const late = lateBound(program, now)
  const registered = enrolment?.registeredAt.getTime()
  const enrolled = enrolment?.enrolledAt?.getTime()
  const imported = registered !== undefined && enrolled !== undefined && registered < enrolled - 60_000
  if (!imported) return { at: late, code: 'postback.too_old' }
  const since = new Date(registered - CLOCK_SKEW_MS)
  const historyWindow = now.getTime() < enrolled + program.postbacks.maxDelayDays * DAY_MS
  return historyWindow || since >= late
    ? { at: since, code: 'postback.before_enrolment' }
    : { at: late, code: 'postback.too_old' }
}

/** The refusal of an event dated before `bound`, naming occurredAt. */
export function tooEarly(
  bound: ReturnType<typeof earliestEventOf>,
  program: ProgramDefinition,
  enrolment?: EnrolmentDates,
) {
  const days = program.postbacks.maxDelayDays
  return bound.code === 'postback.too_old'
    ? refuse(
        'postback.too_old',
        'occurredAt',
        `is more than ${days} days ago: ${program.key} accepts events at most ${days} days late`,
        { program: program.key, maxDelayDays: days },
      )
    : refuse(
        'postback.before_enrolment',
        'occurredAt',
        `is before the partner joined ${program.key} (${enrolment?.registeredAt.toISOString()})`,
        { program: program.key, registeredAt: enrolment?.registeredAt.toISOString() },
      )
}

/**
 * A refund or cancellation dated before the order it undoes (beyond the clocks' disagreement) cannot be true: the
 * refusal naming occurredAt, or undefined. `ordered`: the order's commissions, by the dates of their events.
 */
export function beforeOrder(event: IncomingEvent, ordered: readonly { occurredAt: Date }[]) {
  if ((event.type !== 'refund' && event.type !== 'cancellation') || !event.order || !ordered.length) return undefined
  const first = Math.min(...ordered.map((c) => c.occurredAt.getTime()))
  if (event.occurredAt.getTime() >= first - CLOCK_SKEW_MS) return undefined
  const orderedAt = new Date(first).toISOString()
  return refuse(
    'postback.before_order',
    'occurredAt',
    `is before order ${event.order} (${orderedAt}), which it undoes`,
    {
      order: event.order,
      orderedAt,
    },
  )
}

/**
 * An event that would take back or settle an order another partner's customer placed (a refund, a cancellation, a
 * settlement of held revenue): refused, as that money is the other partner's, whom this event does not name.
 */
export function orderOfOther(
  event: IncomingEvent,
  ordered: readonly { enrolmentId: string; status: string }[],
  enrolmentId: string,
) {
  const undoes = event.type === 'refund' || event.type === 'cancellation'
  const settles = event.type === 'revenue' && event.settled
  if ((!undoes && !settles) || !event.order) return undefined
  const acted = ordered.filter((c) => undoes || c.status === 'held')
  if (!acted.some((c) => c.enrolmentId !== enrolmentId)) return undefined
  const message = `order ${event.order} belongs to another partner's customer`
  const issues = [{ path: 'order', message }]
  return new DomainError('postback.order_of_other_partner', { order: event.order, issues }, message)
}

/**
 * An event that would take back or settle an order in another currency than the order's (melbet keeps USD and EUR):
 * refused, as its amount cannot be taken from, or added to, money of another currency.
 */
export function orderInOtherCurrency(event: IncomingEvent, ordered: readonly { currency: string; status: string }[]) {
  const undoes = event.type === 'refund' || event.type === 'cancellation'
  const settles = event.type === 'revenue' && event.settled
  if ((!undoes && !settles) || !event.order || !event.currency) return undefined
  const acted = ordered.filter((c) => undoes || c.status === 'held')
  const other = acted.find((c) => c.currency !== event.currency)
  if (!other) return undefined
  const message = `must be ${other.currency}, the currency of order ${event.order}`
  const issues = [{ path: 'currency', message }]
  return new DomainError(
    'postback.order_currency',
    { order: event.order, currency: other.currency, issues },
    `order ${event.order} is in ${other.currency}`,
  )
}

/** A hash of the body's meaning (keys sorted), so that a re-serialised identical event is still identical. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex')
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

/**
 * The click a postback names must be one this service recorded, for this program and for the code the event is
 * attributed through (its `ref`, else the customer's), and the event cannot have happened before it.
 */
export function checkClick(
  program: ProgramDefinition,
  event: IncomingEvent,
  click: { at: Date; codeId: string; programKey: string } | null,
  /** null: the event names an unknown code, so no click can be on it; undefined: nothing to compare with. */
  expectedCodeId: string | null | undefined,
) {
  if (!click) throw refuse('postback.unknown_click', 'click', 'is not a click this service recorded', {})
  if (click.programKey !== program.key) {
    throw refuse('postback.click_mismatch', 'click', `is a click on a link of another program`, {})
  }
  if (expectedCodeId !== undefined && click.codeId !== expectedCodeId) {
    throw refuse('postback.click_mismatch', 'click', `is a click on another partner code than the event's`, {})
  }
  if (event.occurredAt.getTime() < click.at.getTime() - CLOCK_SKEW_MS) {
    throw refuse('postback.before_click', 'occurredAt', `is before the click it names (${click.at.toISOString()})`, {
      clickAt: click.at.toISOString(),
    })
  }
}
