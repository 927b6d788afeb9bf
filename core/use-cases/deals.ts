import { localDate, startOfLocalDate } from '../domain/calendar.ts'
import {
  DEAL_CHANGES,
  type DealChange,
  type DealRecord,
  dealAt,
  dealCommission,
  dealRates,
  dealStanding,
  dealTerms,
  refitAround,
  underOtherRule,
} from '../domain/deals.ts'
import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import type { Clock } from '../ports/clock.ts'
import type { DealStore, DealTx } from '../ports/deal-store.ts'
import type { CommissionRule, ProgramDefinition } from '../programs/definition.ts'
import { namesOr } from '../programs/names.ts'

export interface DealDeps {
  deals: DealStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
  /** The definition in force at a moment (published commission changes applied). */
  programAt: (key: string, when: Date) => ProgramDefinition | undefined
}

export interface DealInput {
  partnerId: string
  programKey: string
  /** The commission in the program definition's own shape; fields left out are the program's. */
  commission: unknown
  from: Date
  until?: Date
  note: string
  actor: string
}

/** A deal as operators read it. */
export interface DealView {
  id: string
  commission: CommissionRule
  /** The rates the deal sets, for people (`25%`, tiers, amounts). */
  rates: string[]
  from: string
  until: string | null
  note: string
  actor: string
  createdAt: string
}

export interface PartnerDeals {
  partner: string
  program: string
  /** The program's own rule in force now (what the partner earns without a deal). */
  programCommission: CommissionRule
  current: DealView | null
  future: DealView[]
  past: DealView[]
}

const view = (d: DealRecord): DealView => ({
  id: d.id,
  commission: d.commission,
  rates: dealRates(d.commission),
  from: d.from.toISOString(),
  until: d.until?.toISOString() ?? null,
  note: d.note,
  actor: d.actor,
  createdAt: d.createdAt.toISOString(),
})

function programOf(deps: DealDeps, key: string, at: Date) {
  const program = deps.programAt(key, at) ?? deps.program(key)
  if (!program) throw new DomainError('program.not_found', { program: key })
  return program
}

/** The partner's deals: the one in force now, those still to start and those that ended (a cancelled one is left out). */
export async function listDeals(deps: DealDeps, partnerId: string, programKey: string): Promise<PartnerDeals> {
  const program = programOf(deps, programKey, deps.clock.now())
  const found = await deps.deals.dealsOf(partnerId, programKey)
  if (!found) throw new DomainError('enrolment.not_found', { partner: partnerId, program: programKey })
  const now = deps.clock.now()
  const real = found.deals.filter((d) => !d.until || d.until > d.from)
  const current = dealAt(real, now)
  return {
    partner: partnerId,
    program: program.key,
    programCommission: program.commission,
    current: current ? view(current) : null,
    future: real.filter((d) => d.from > now).map(view),
    past: real.filter((d) => d !== current && d.from <= now && d.until && d.until <= now).map(view),
  }
}

/** JSON with its keys sorted: the database keeps a rule's keys in its own order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  )

const sameDeal = (d: DealRecord, rule: CommissionRule, input: { from: Date; until?: Date; note: string }) =>
  d.from.getTime() === input.from.getTime() &&
  (d.until?.getTime() ?? null) === (input.until?.getTime() ?? null) &&
  d.note === input.note &&
  canonical(d.commission) === canonical(rule)

/**
 * Saves a deal for its period: it takes exactly that period from the partner's other deals (refitAround: a deal in
 * force ends where it starts or, when it goes on past the new one's end, applies again after it; a later one
 * starting inside it is moved to its end, or cancelled when wholly inside it); deals outside its period are
 * untouched. The partner is told the new rate from its date and, in the same notice, what changed in their other
 * deals. The same deal saved again (a double click, a retried PUT) changes nothing: `changed` is false.
 */
export async function setDeal(deps: DealDeps, input: DealInput) {
  const terms = dealTerms(input)
  const program = programOf(deps, input.programKey, terms.from)
  const rule = dealCommission(program, input.commission)
  // commissions already recorded are never recalculated: a deal starts today (in the program's calendar) or later
  const today = startOfLocalDate(localDate(deps.clock.now(), program.timeZone), program.timeZone)
  if (terms.from < today)
    throw new DomainError(
      'deal.invalid',
      { issues: [{ path: 'from', message: 'must be today or later: recorded commissions are not recalculated' }] },
      'deal refused: from in the past',
    )
  return deps.deals.transaction(async (tx) => {
    const now = deps.clock.now()
    const { enrolment, deals } = await lockedDeals(tx, input.partnerId, input.programKey)
    // under the lock: an approval, a decline or a block meanwhile is seen
    dealStanding(program.key, enrolment.status)
    const same = deals.find((d) => (!d.until || d.until > terms.from) && sameDeal(d, rule, terms))
    if (same) return { deal: view(same), changed: false, replaced: [] }
    const replaced = await refitDeals(tx, deals, terms, now)
    const deal = await tx.insertDeal({
      enrolmentId: enrolment.id,
      commission: rule,
      from: terms.from,
      until: terms.until,
      note: terms.note,
      actor: input.actor,
      createdAt: now,
    })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'deal.set',
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: terms.note,
      data: {
        program: program.key,
        deal: deal.id,
        from: terms.from.toISOString(),
        until: terms.until?.toISOString() ?? null,
        commission: rule,
        replaced,
      },
    })
    await tx.announce({
      queue: 'notifications',
      name: 'deal_changed',
      data: { dealId: deal.id, change: 'set', ...(replaced.length ? { others: othersText(replaced) } : {}) },
      opts: { jobId: `deal-${deal.id}-set` },
    })
    return { deal: view(deal), changed: true, replaced }
  })
}

/** A deal the new one changed: how, and the deal its part after the new one became (`next`). */
export interface ReplacedDeal {
  dealId: string
  change: DealChange
  next?: string
}

/** The changed deals as the notice job carries them (core/ports/jobs.ts deal_changed): `change:id>next ...`. */
const othersText = (replaced: ReplacedDeal[]) =>
  replaced.map((r) => `${r.change}:${r.dealId}${r.next ? `>${r.next}` : ''}`).join(' ')

/** The changed deals read back from the notice job's `others`. */
const othersOf = (text: string | undefined): ReplacedDeal[] =>
  (text ?? '').split(' ').flatMap((item) => {
    const m = /^(\w+):([\w-]+)(?:>([\w-]+))?$/.exec(item)
    const change = DEAL_CHANGES.find((c) => c === m?.[1])
    return m && change ? [{ change, dealId: m[2]!, ...(m[3] ? { next: m[3] } : {}) }] : []
  })

/** The partner's deals that overlap the new one's period, fitted around it (refitAround), as saved. */
async function refitDeals(tx: DealTx, deals: DealRecord[], period: { from: Date; until?: Date }, now: Date) {
  const replaced: ReplacedDeal[] = []
  for (const r of refitAround(deals, period)) {
    await tx.endDeal(r.deal.id, r.until)
    const next =
      r.resumes &&
      (await tx.insertDeal({
        enrolmentId: r.deal.enrolmentId,
        commission: r.deal.commission,
        from: r.resumes.from,
        until: r.resumes.until,
        note: r.deal.note,
        actor: r.deal.actor,
        createdAt: now,
      }))
    replaced.push({ dealId: r.deal.id, change: r.change, ...(next ? { next: next.id } : {}) })
  }
  return replaced
}

/**
 * Ends the deal in force from now (and cancels any still to start): the partner's events from now on earn the
 * program's own rate, and the partner is told. With no deal in force or to come, nothing changes and it says so.
 */
export async function endDeal(
  deps: DealDeps,
  input: { partnerId: string; programKey: string; actor: string; note?: string },
) {
  const program = programOf(deps, input.programKey, deps.clock.now())
  return deps.deals.transaction(async (tx) => {
    const now = deps.clock.now()
    const { deals } = await lockedDeals(tx, input.partnerId, input.programKey)
    const open = deals.filter((d) => !d.until || d.until > now)
    if (!open.length) throw new DomainError('deal.none', { partner: input.partnerId, program: program.key })
    for (const d of open) await tx.endDeal(d.id, d.from > now ? d.from : now)
    const ended = open.find((d) => d.from <= now) ?? open[0]!
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'deal.end',
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.note?.trim() || undefined,
      data: { program: program.key, deals: open.map((d) => d.id), at: now.toISOString() },
    })
    await tx.announce({
      queue: 'notifications',
      name: 'deal_changed',
      data: { dealId: ended.id, change: 'ended' },
      opts: { jobId: `deal-${ended.id}-ended` },
    })
    return { ended: open.map((d) => d.id), at: now.toISOString() }
  })
}

async function lockedDeals(tx: DealTx, partnerId: string, programKey: string) {
  const enrolment = await tx.lockEnrolmentOf(partnerId, programKey)
  if (!enrolment) throw new DomainError('enrolment.not_found', { partner: partnerId, program: programKey })
  return { enrolment, deals: await tx.deals(enrolment.id) }
}

/** How many days back the preview looks. */
export const PREVIEW_DAYS = 30

/**
 * What the partner earned for the events of the last 30 days, and what the same events would have earned under
 * the proposed deal (each commission at the deal's rate or amount for the band it was paid at), per currency.
 */
export async function previewDeal(
  deps: DealDeps,
  input: { partnerId: string; programKey: string; commission: unknown; from?: Date },
) {
  const now = deps.clock.now()
  const program = programOf(deps, input.programKey, input.from ?? now)
  const rule = dealCommission(program, input.commission)
  const found = await deps.deals.dealsOf(input.partnerId, input.programKey)
  if (!found) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: input.programKey })
  // what a deal would pay is shown only where one can be saved
  dealStanding(program.key, found.status)
  const since = new Date(now.getTime() - PREVIEW_DAYS * 86_400_000)
  const earned = await deps.deals.earnedBetween(found.enrolmentId, since, now)
  // what paid each: the partner's deal in force at its event's date, else the program's rule then
  const paidBy = (at: Date) => dealAt(found.deals, at)?.commission ?? programOf(deps, input.programKey, at).commission
  const totals = new Map<string, { commissions: number; earned: bigint; underDeal: bigint }>()
  for (const c of earned) {
    const t = totals.get(c.currency) ?? { commissions: 0, earned: 0n, underDeal: 0n }
    t.commissions++
    t.earned += c.amountMinor
    t.underDeal += underOtherRule(c, paidBy(c.occurredAt), rule)
    totals.set(c.currency, t)
  }
  const money = (minor: bigint, currency: string) => formatMoney({ minor, currency })
  return {
    partner: input.partnerId,
    program: program.key,
    from: since.toISOString(),
    to: now.toISOString(),
    commission: rule,
    rates: dealRates(rule),
    currentRates: dealRates(paidBy(now)),
    totals: [...totals].map(([currency, t]) => ({
      currency,
      commissions: t.commissions,
      earned: money(t.earned, currency),
      underDeal: money(t.underDeal, currency),
      difference: money(t.underDeal - t.earned, currency),
    })),
  }
}

/**
 * What the partner's notice says: the program, the rates and dates of a deal (set, or ended) and, for a deal set,
 * what became of the partner's deals it changed (`others`, from the notice job), each with its dates as saved now.
 */
export async function dealNotice(deps: DealDeps, dealId: string, others?: string) {
  const d = await deps.deals.deal(dealId)
  if (!d) return null
  const changed = await Promise.all(
    othersOf(others).map(async (r) => {
      const [was, next] = await Promise.all([deps.deals.deal(r.dealId), r.next ? deps.deals.deal(r.next) : null])
      return was && { change: r.change, from: was.from, until: was.until, resumesAt: next?.from }
    }),
  )
  const program = deps.program(d.programKey)
  return {
    partnerId: d.partnerId,
    programKey: d.programKey,
    programNames: namesOr(program, d.programKey),
    timeZone: program?.timeZone ?? 'UTC',
    currency: program?.currencies[0] ?? '',
    commission: d.commission,
    /** The program's own rule now: what applies once a deal has ended. */
    programCommission: (deps.programAt(d.programKey, deps.clock.now()) ?? program)?.commission ?? d.commission,
    from: d.from,
    until: d.until,
    others: changed.filter((c) => c !== null),
  }
}
