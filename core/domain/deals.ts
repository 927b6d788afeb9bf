import {
  type CommissionRule,
  commissionMoneyIssues,
  commissionRuleSchema,
  type ProgramDefinition,
} from '../programs/definition.ts'
import { addDays, startOfLocalDate } from './calendar.ts'
import type { EnrolmentStatus } from './enrolment-status.ts'
import { DomainError } from './errors.ts'
import { applyRateBps, formatBps, parseMoney } from './money.ts'
import { UNSTORABLE } from './text.ts'

/**
 * A per-partner commission from a date (a deal): quantower "may raise the rate", melbet's individual revisions and
 * lower rate for low activity (7.2, 7.3). It is the program's commission rule in its own shape, with the partner's
 * rates: it judges the partner's events that happen from `from` until `until` (open-ended without one).
 */
export interface Deal {
  from: Date
  until?: Date
  commission: CommissionRule
}

export interface DealRecord extends Deal {
  id: string
  enrolmentId: string
  note: string
  actor: string
  createdAt: Date
}

/** The commission types a deal can revise: one rule for all the partner's events (not a network's campaigns). */
export const DEAL_TYPES = ['payment_share', 'revenue_share', 'one_time_reward'] as const

const invalid = (path: string, message: string) =>
  new DomainError('deal.invalid', { issues: [{ path, message }] }, `deal refused: ${path} ${message}`)

/**
 * The deal's whole rule: what the operator gave over the program's rule in force at the deal's start (fields not
 * given, such as the hold, stay the program's), validated by the definition's own schema and of the same type.
 */
export function dealCommission(program: ProgramDefinition, given: unknown): CommissionRule {
  const base = program.commission
  if (!(DEAL_TYPES as readonly string[]).includes(base.type))
    throw invalid('commission', `${program.key} pays per campaign: its campaigns' rates are not set per partner`)
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw invalid('commission', 'must be an object in the shape of the program commission rule')
  const type = (given as { type?: unknown }).type
  if (type !== undefined && type !== base.type) throw invalid('commission.type', `must be ${base.type}`)
  const parsed = commissionRuleSchema.safeParse({ ...base, ...given, type: base.type })
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['commission', ...i.path].join('.'), message: i.message }))
    throw new DomainError('deal.invalid', { issues }, 'deal refused: commission')
  }
  const rule = parsed.data
  // the schema drops what it does not know: a field the rule has no place for would be a deal that changes nothing
  const stray = strayFields(given, rule, 'commission')
  if (stray.length) throw invalid(stray[0]!, `is not a field of a ${base.type} rule`)
  const levels = 'levels' in rule ? rule.levels : []
  if (levels.length && levels[0]!.after !== 0) throw invalid('commission.levels.0.after', 'the first level starts at 0')
  // an amount finer than a currency's minor unit would refuse every postback the deal meets
  const [money] = commissionMoneyIssues(rule, program.currencies)
  if (money) throw invalid(['commission', ...money.path].join('.'), money.message)
  if (rule.type === 'revenue_share' && !rule.tiers.some((t) => t.minNewUsers === 0))
    throw invalid('commission.tiers', 'one tier must start at 0 new users')
  return rule
}

/** The paths of the fields in `given` that the parsed value has not kept (zod strips keys it does not know). */
function strayFields(given: unknown, kept: unknown, path: string): string[] {
  if (typeof given !== 'object' || given === null || typeof kept !== 'object' || kept === null) return []
  return Object.entries(given).flatMap(([key, value]) =>
    key in kept ? strayFields(value, (kept as Record<string, unknown>)[key], `${path}.${key}`) : [`${path}.${key}`],
  )
}

/**
 * Whether a deal may be set for a partner of this standing in the program: only an active one, as codes are issued
 * only to active partners. An applicant not approved yet has no agreement to revise (and may be declined); a
 * declined, disqualified or ended one never earns again; a blocked one earns nothing new until the block is lifted,
 * when the deal can be set. Ending a deal is always allowed.
 */
export function dealStanding(program: string, status: EnrolmentStatus) {
  if (status !== 'active') throw new DomainError('deal.partner_not_active', { program, status })
}

/** The note and dates of a deal, checked: `from` before `until`, a note of 1 to 500 characters. */
export function dealTerms(input: { from: Date; until?: Date; note: string }) {
  const note = input.note.trim()
  if (!note || note.length > 500 || UNSTORABLE.test(note))
    throw invalid('note', 'is required (1 to 500 characters of text)')
  if (Number.isNaN(input.from.getTime())) throw invalid('from', 'must be a date')
  if (input.until && !(input.until > input.from)) throw invalid('until', 'must be after from')
  return { ...input, note }
}

/** The deal judging an event that happened at `at`: the latest one started by then and not yet ended. */
export function dealAt<D extends Deal>(deals: readonly D[] | undefined, at: Date): D | undefined {
  let found: D | undefined
  for (const d of deals ?? [])
    if (d.from <= at && (!d.until || at < d.until) && (!found || d.from >= found.from)) found = d
  return found
}

/** What saving a deal does to another one that overlaps it (refitAround). */
export const DEAL_CHANGES = ['ended', 'paused', 'moved', 'cancelled'] as const
export type DealChange = (typeof DEAL_CHANGES)[number]

export interface DealRefit<D extends Deal> {
  deal: D
  change: DealChange
  /** Where the deal ends now: `from` when its head is kept, else its own start (cancelled: it never judges). */
  until: Date
  /** Its part after the new deal, to be saved as a deal of its own. */
  resumes?: { from: Date; until?: Date }
}

/**
 * What a deal already saved becomes when a new one is saved for [from, until): the new deal takes exactly its own
 * period. Of a deal that overlaps it, what lies before `from` is kept (the deal ends there), what lies after `until`
 * is kept as a deal of its own from `until` (the same rule, note and end); nothing of it is left inside the period.
 * So a deal in force that goes on past the new one is `paused` (it applies again after it), one that reaches into it
 * `ended` earlier, a later one that starts inside it and goes on past it `moved` to its end, and one wholly inside
 * it `cancelled`. A deal that does not overlap it (one starting after `until`, or ended by `from`) is untouched.
 */
export function refitAround<D extends Deal>(deals: readonly D[], period: { from: Date; until?: Date }): DealRefit<D>[] {
  const { from, until } = period
  return deals.flatMap((d) => {
    const cancelled = d.until !== undefined && d.until <= d.from
    const overlaps = (!d.until || d.until > from) && (!until || d.from < until)
    if (cancelled || !overlaps) return []
    const head = d.from < from
    const resumes = until && (!d.until || d.until > until) ? { from: until, until: d.until } : undefined
    const change: DealChange = head ? (resumes ? 'paused' : 'ended') : resumes ? 'moved' : 'cancelled'
    return [{ deal: d, change, until: head ? from : d.from, ...(resumes ? { resumes } : {}) }]
  })
}

/** The program with the deal's rule in place of its own (the rest of the definition unchanged). */
export const underDeal = (program: ProgramDefinition, deal: Deal | undefined): ProgramDefinition =>
  deal ? { ...program, commission: deal.commission } : program

/** A deal's rates in one line for people (`20% -> 25%`, tiers, amounts): the parts a deal revises. */
export function dealRates(rule: CommissionRule): string[] {
  switch (rule.type) {
    case 'payment_share':
      return rule.levels.map((l) => (l.after ? `${formatBps(l.rateBps)} (${l.after}+)` : formatBps(l.rateBps)))
    case 'revenue_share':
      return [
        ...(rule.intro ? [`${formatBps(rule.intro.rateBps)} (${rule.intro.months}m)`] : []),
        ...rule.tiers.map((t) =>
          t.minNewUsers ? `${formatBps(t.rateBps)} (${t.minNewUsers}+)` : formatBps(t.rateBps),
        ),
      ]
    case 'one_time_reward':
      return rule.levels.map((l) => (l.after ? `${l.amount} (${l.after}+)` : l.amount))
    default:
      return []
  }
}

/** A commission already earned, as the preview reads it. */
export interface EarnedCommission {
  rule: string
  currency: string
  amountMinor: bigint
  basisMinor?: bigint
  rateBps?: number
  /** When its event happened: the rule that paid it is the one in force then. */
  occurredAt: Date
}

/**
 * What one commission would have been under another rule of the same type: the same band (level, tier or intro
 * period) the program's rule paid it at, at the deal's rate or amount for that band.
 */
export function underOtherRule(c: EarnedCommission, program: CommissionRule, deal: CommissionRule): bigint {
  if (program.type !== deal.type) return c.amountMinor
  const band = <T>(list: readonly T[], same: (x: T) => boolean) => {
    let i = 0
    list.forEach((x, n) => {
      if (same(x)) i = n
    })
    return i
  }
  if (program.type === 'payment_share' && deal.type === 'payment_share' && c.basisMinor !== undefined) {
    const i = band(program.levels, (l) => l.rateBps === c.rateBps)
    return applyRateBps(c.basisMinor, deal.levels[Math.min(i, deal.levels.length - 1)]!.rateBps)
  }
  if (program.type === 'revenue_share' && deal.type === 'revenue_share' && c.basisMinor !== undefined) {
    if (program.intro && c.rateBps === program.intro.rateBps && deal.intro)
      return applyRateBps(c.basisMinor, deal.intro.rateBps)
    const i = band(program.tiers, (t) => t.rateBps === c.rateBps)
    return applyRateBps(c.basisMinor, deal.tiers[Math.min(i, deal.tiers.length - 1)]!.rateBps)
  }
  if (program.type === 'one_time_reward' && deal.type === 'one_time_reward') {
    const i = band(program.levels, (l) => parseMoney(l.amount, c.currency).minor === c.amountMinor)
    return parseMoney(deal.levels[Math.min(i, deal.levels.length - 1)]!.amount, c.currency).minor
  }
  return c.amountMinor
}

/** The instant a local date (`YYYY-MM-DD`) starts in the program's time zone; `after` days later (a last day + 1). */
export function dayStart(date: string, timeZone: string, after = 0): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return startOfLocalDate(addDays({ year, month, day }, after), timeZone)
}
