import { createHash } from 'node:crypto'
import { z } from 'zod'
import { EVENT_TYPES, type EventType, type ProgramDefinition } from '../programs/definition.ts'
import { DomainError } from './errors.ts'
import { isKnownCurrency, parseMoney } from './money.ts'

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
}

export interface FieldIssue {
  path: string
  message: string
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
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
  })
  .strict()

const MONEY_EVENTS: ReadonlySet<EventType> = new Set(['payment', 'revenue'])

/**
 * Validates a postback body for a program. Throws DomainError `postback.invalid` with field-level issues;
 * nothing about the event is trusted before this passes.
 */
/** How far ahead of the service clock an event may claim to have happened (clock skew between systems). */
const MAX_FUTURE_MS = 5 * 60 * 1000

export function parsePostback(body: unknown, program: ProgramDefinition, now: Date): IncomingEvent {
  const parsed = bodySchema.safeParse(body)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '(body)'),
      message: i.code === 'unrecognized_keys' ? 'unknown field' : i.message,
    }))
    throw new DomainError('postback.invalid', { issues })
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
  if (MONEY_EVENTS.has(b.type) && b.amount === undefined)
    issues.push({ path: 'amount', message: `is required for ${b.type}` })
  if ((b.type === 'refund' || b.type === 'cancellation') && !b.order) {
    issues.push({ path: 'order', message: `is required for ${b.type}: name the order it undoes` })
  }
  if (program.commission.type === 'campaigns' && !b.campaign && !['refund', 'cancellation'].includes(b.type)) {
    issues.push({ path: 'campaign', message: 'is required by this program' })
  }
  if (new Date(b.occurredAt).getTime() > now.getTime() + MAX_FUTURE_MS) {
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
    ip: b.ip,
    country: b.country,
  }
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
