import { z } from 'zod'
import { addDays, isoDate, type LocalDate, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { UUID } from '../domain/ids.ts'
import { divideHalfEven, formatMoney } from '../domain/money.ts'
import { readQuery } from '../domain/query-values.ts'
import { maskId, type SubIds } from '../domain/tracking.ts'
import type { Clock } from '../ports/clock.ts'
import {
  COMMISSION_STATUSES,
  type CommissionLineRecord,
  PERFORMANCE_BY,
  type PerformanceCell,
  type PerformanceReader,
} from '../ports/performance.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface PerformanceDeps {
  performance: PerformanceReader
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
}

/** The longest period one report covers (the rollup makes any period cheap; this bounds a by=day answer's size). */
export const MAX_REPORT_DAYS = 731
/** Days a report covers when `from` is not given: the last 30, today included. */
const DEFAULT_DAYS = 30
const LINES_DEFAULT = 50
export const LINES_MAX = 200

const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1970-01-01'
  }, 'must be a real date from 1970 on')

/** What the report is asked (the query string of GET /v1/partners/{id}/performance, or the Mini App's). */
export const performanceQuery = z
  .object({
    program: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a program key such as jqsee'),
    from: localDay.optional(),
    to: localDay.optional(),
    by: z.enum(PERFORMANCE_BY).default('day'),
    /** Commission lines after this one (the previous answer's `nextCursor`). */
    cursor: z
      .string()
      .max(200)
      .transform((s, ctx) => {
        const c = parseCursor(s)
        if (!c) ctx.addIssue({ code: 'custom', message: 'must be a nextCursor of an earlier answer' })
        return c ?? z.NEVER
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(LINES_MAX).default(LINES_DEFAULT),
  })
  .strict()

/** What a commission statement is asked (the Mini App's earnings tab and its CSV): the period, a status, a currency. */
export const statementQuery = performanceQuery
  .omit({ by: true })
  .extend({
    status: z.enum(COMMISSION_STATUSES).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a currency code such as USD')
      .optional(),
  })
  .strict()

const money = (minor: bigint, currency: string) => ({ amount: formatMoney({ minor, currency }), currency })

/** A share in percent with two decimals ("12.50"), rounded half-even; null when nothing to divide by. */
export function percent(n: number, of: number): string | null {
  if (!of) return null
  const hundredths = divideHalfEven(BigInt(n) * 10_000n, BigInt(of))
  const sign = hundredths < 0n ? '-' : ''
  const abs = hundredths < 0n ? -hundredths : hundredths
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

interface Counters {
  clicks: number
  uniqueClicks: number
  signups: number
  firstPayments: number
  commissions: Map<string, bigint>
}

const empty = (): Counters => ({ clicks: 0, uniqueClicks: 0, signups: 0, firstPayments: 0, commissions: new Map() })

function add(to: Counters, c: PerformanceCell) {
  to.clicks += c.clicks
  to.uniqueClicks += c.uniqueClicks
  to.signups += c.signups
  to.firstPayments += c.firstPayments
  if (c.currency) to.commissions.set(c.currency, (to.commissions.get(c.currency) ?? 0n) + c.commissionMinor)
}

const countersJson = (c: Counters) => ({
  clicks: c.clicks,
  uniqueClicks: c.uniqueClicks,
  signups: c.signups,
  firstPayments: c.firstPayments,
  /** Sign-ups per unique click, in percent. */
  signupRate: percent(c.signups, c.uniqueClicks),
  /** First payments per sign-up, in percent. */
  firstPaymentRate: percent(c.firstPayments, c.signups),
  commissions: [...c.commissions]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => money(minor, currency)),
})

/**
 * What was taken back of a commission line and what it nets, from its own postings on the ledger: `reversed` is the
 * amount less what the line still adds to the partner's earnings (refunds, cancellations, annulments and a penalty
 * charged for it; null when nothing was), `reason` the code of the latest take-back (refund, cancellation, void,
 * reject, substandard, disqualified, claimed_twice, shared_ip; null with nothing taken back), `net` what the line
 * counts in the report's commissions: amount less reversed, and 0 for a line refused when it was recorded, which
 * never earned anything. The net of a period's lines sums to the period's commissions.
 */
function takenBackOf(l: Pick<CommissionLineRecord, 'amountMinor' | 'ledgerMinor' | 'earned' | 'takenBackReason'>) {
  const net = l.earned ? l.ledgerMinor : 0n
  const reversed = l.earned && l.amountMinor > net ? l.amountMinor - net : null
  return { reversedMinor: reversed, netMinor: net, reason: reversed === null ? null : l.takenBackReason }
}

const lineJson = (l: CommissionLineRecord) => {
  const { reversedMinor, netMinor, reason } = takenBackOf(l)
  return {
    id: l.id,
    occurredAt: l.occurredAt.toISOString(),
    status: l.status,
    rule: l.rule,
    amount: money(l.amountMinor, l.currency),
    /** What was taken back of it (a positive amount), null when nothing was. */
    reversed: reversedMinor === null ? null : money(reversedMinor, l.currency),
    /** What it counts in the partner's commissions now: amount less reversed (0 for a line refused when recorded). */
    net: money(netMinor, l.currency),
    /** Why it was taken back, as a code (refund, cancellation...); null when nothing was. */
    reason,
    customer: maskId(l.customer),
    order: maskId(l.order),
    link: l.link,
    campaign: l.campaign,
    subIds: l.subIds satisfies SubIds,
  }
}

export type PerformanceReport = Awaited<ReturnType<typeof performanceReport>>

const parseDay = (s: string): LocalDate => {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

/**
 * A partner's performance in one program over local dates [from, to] of the program's time zone (default: the last
 * 30 days): per day, ISO week, month, link, campaign or sub-id, the clicks, unique clicks (a visitor's first click of
 * the day on the partner's links), sign-ups, first payments, their rates and the commissions earned on those
 * conversions per currency (net of what was taken back); the period's commission lines (customer and order ids
 * masked) a page at a time, and its payouts. Reads only the partner's own enrolment: nothing of another partner is
 * reachable through any parameter. The counters come from the daily rollup (performance_days), so any period costs
 * about the same.
 */
export async function performanceReport(deps: PerformanceDeps, partnerId: string, input: unknown) {
  const q = parseQuery(performanceQuery, input)
  const { program, tz, from, to, fromIso, toIso, enrolmentId } = await periodOf(deps, partnerId, q)
  const start = startOfLocalDate(from, tz)
  const end = startOfLocalDate(addDays(to, 1), tz)
  const [cells, lines, payouts] = await Promise.all([
    deps.performance.cells({ enrolmentId, from: fromIso, to: toIso, by: q.by }),
    deps.performance.commissionLines({
      enrolmentId,
      from: start,
      to: end,
      limit: q.limit + 1,
      before: q.cursor,
      now: deps.clock.now(),
    }),
    deps.performance.payouts({ enrolmentId, from: start, to: end, limit: 100 }),
  ])
  const byKey = new Map<string | null, Counters>()
  const totals = empty()
  for (const c of cells) {
    // what carried no sub-id is the link rows less the sub-id rows: nothing left is no row
    if (c.key === null && !c.clicks && !c.uniqueClicks && !c.signups && !c.firstPayments && !c.commissionMinor) continue
    const row = byKey.get(c.key) ?? empty()
    byKey.set(c.key, row)
    add(row, c)
    add(totals, c)
  }
  const keys = [...byKey.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
  const { page, nextCursor } = pageOf(lines, q.limit)
  return {
    ...headOf(partnerId, program.key, tz, fromIso, toIso),
    by: q.by,
    rows: keys.map((key) => ({ key, ...countersJson(byKey.get(key)!) })),
    totals: countersJson(totals),
    lines: page.map(lineJson),
    nextCursor,
    payouts: payouts.map((p) => ({
      id: p.id,
      requestedAt: p.requestedAt.toISOString(),
      status: p.status,
      method: p.method,
      gross: money(p.grossMinor, p.currency),
      net: money(p.netMinor, p.currency),
      reference: p.reference,
      paidAt: p.paidAt?.toISOString() ?? null,
    })),
  }
}

/**
 * A query, or the refusal naming every field that is wrong: a parameter given twice or as a list or object
 * (manyValued) included, rather than read as its first value or as an unknown field.
 */
function parseQuery<S extends z.ZodObject>(schema: S, input: unknown): z.infer<S> {
  const r = readQuery(schema, input)
  if (r.ok) return r.data
  throw new DomainError('performance.invalid', { issues: r.issues })
}

/**
 * The program, the local dates [from, to] (default: the last 30 days, today included) and the partner's enrolment a
 * report reads: a partner not in the program is `enrolment.not_found`, whatever else the query says.
 */
async function periodOf(deps: PerformanceDeps, partnerId: string, q: { program: string; from?: string; to?: string }) {
  // a malformed partner id names nobody (the reader compares ids as UUIDs)
  if (!UUID.test(partnerId)) throw new DomainError('enrolment.not_found', { partner: partnerId, program: q.program })
  const program = deps.program(q.program)
  if (!program) throw new DomainError('program.not_found', { program: q.program })
  const tz = program.timeZone
  const to = q.to ? parseDay(q.to) : localDate(deps.clock.now(), tz)
  const from = q.from ? parseDay(q.from) : addDays(to, 1 - DEFAULT_DAYS)
  const span = (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000
  if (span < 0 || span >= MAX_REPORT_DAYS) {
    const message = span < 0 ? 'must not be after to' : `at most ${MAX_REPORT_DAYS} days before to`
    throw new DomainError('performance.invalid', { issues: [{ path: 'from', message }] })
  }
  const enrolmentId = await deps.performance.enrolmentOf(partnerId, program.key)
  if (!enrolmentId) throw new DomainError('enrolment.not_found', { partner: partnerId, program: program.key })
  return { program, tz, from, to, fromIso: isoDate(from), toIso: isoDate(to), enrolmentId }
}

export type CommissionStatement = Awaited<ReturnType<typeof commissionStatement>>

/**
 * A partner's commission lines in one program over local dates [from, to] (default: the last 30 days), of one status
 * or currency when asked, newest first, a page at a time (customer and order ids masked; when a pending one becomes
 * payable); with the statuses and currencies one can ask for. Like the report, it reads only the partner's own
 * enrolment.
 */
export async function commissionStatement(deps: PerformanceDeps, partnerId: string, input: unknown) {
  const q = parseQuery(statementQuery, input)
  const { program, tz, from, to, fromIso, toIso, enrolmentId } = await periodOf(deps, partnerId, q)
  const lines = await deps.performance.commissionLines({
    enrolmentId,
    from: startOfLocalDate(from, tz),
    to: startOfLocalDate(addDays(to, 1), tz),
    limit: q.limit + 1,
    before: q.cursor,
    status: q.status,
    currency: q.currency,
    now: deps.clock.now(),
  })
  const { page, nextCursor } = pageOf(lines, q.limit)
  return {
    ...headOf(partnerId, program.key, tz, fromIso, toIso),
    lines: page.map((l) => ({
      ...lineJson(l),
      /** The local date of the conversion, in the program's time zone. */
      date: isoDate(localDate(l.occurredAt, tz)),
      holdUntil: l.status === 'pending' ? (l.availableAt?.toISOString() ?? null) : null,
    })),
    nextCursor,
    statuses: [...COMMISSION_STATUSES],
    currencies: [...program.currencies],
  }
}

/** What a report is of: the partner, the program, its time zone and the local dates. */
const headOf = (partner: string, program: string, timeZone: string, from: string, to: string) => ({
  partner,
  program,
  timeZone,
  from,
  to,
})

/** A page of lines (read one more than asked for) and the cursor after it; null on the last page. */
function pageOf(lines: CommissionLineRecord[], limit: number) {
  const page = lines.slice(0, limit)
  const last = page.at(-1)
  return { page, nextCursor: lines.length > limit && last ? cursorOf(last) : null }
}

/** The position after a commission line: its time and id (not a secret: the reader filters by enrolment anyway). */
const cursorOf = (l: CommissionLineRecord) =>
  Buffer.from(`${l.occurredAt.toISOString()}|${l.id}`, 'utf8').toString('base64url')

/**
 * A cursor cursorOf made: base64url of "<ISO time>|<uuid>", the time reading back as itself and of a four-digit year
 * as every line's is (a JavaScript date reaches back to 271821 BC, PostgreSQL's only to 4713 BC: such a time would
 * fail the query rather than name a line).
 */
function parseCursor(s: string): { at: Date; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null
  const [at, id, ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|')
  if (rest.length || !at || !id || !UUID.test(id) || !/^\d{4}-/.test(at)) return null
  const d = new Date(at)
  return Number.isNaN(d.getTime()) || d.toISOString() !== at ? null : { at: d, id }
}
