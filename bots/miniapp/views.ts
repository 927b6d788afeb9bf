import { isResolved } from '../../core/domain/disputes.ts'
import { formatMoney } from '../../core/domain/money.ts'
import { payoutLate } from '../../core/domain/payouts.ts'
import { maskId, type SubIds } from '../../core/domain/tracking.ts'
import type { Core } from '../../core/index.ts'
import type { DisputeRecord, DisputeSubjectItem } from '../../core/ports/dispute-store.ts'
import type { PartnerCode } from '../../core/ports/partner-directory.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { campaignName } from '../../core/programs/names.ts'
import { resolutionOf } from '../../core/use-cases/dispute-desk.ts'
import type { EarningsView } from '../../core/use-cases/earnings-view.ts'
import type { PayoutJson } from '../../core/use-cases/payouts.ts'
import type { CommissionStatement, PerformanceReport } from '../../core/use-cases/performance-report.ts'
import { campaignCommission, codeTermLines } from '../shared/code-terms.ts'
import { disputeItemText } from '../shared/dispute-item.ts'
import { reasonText } from '../shared/reasons.ts'
import { codeSuspension } from '../shared/suspension.ts'
import type { Caller } from './caller.ts'

// What the Mini App's routes answer, shaped from core's results (the Mini App contract). Codes stay codes (the page
// words them); what only the server can word (a campaign's commission, a dispute's item and resolution) is in the
// partner's language.

type Campaign = Extract<ProgramDefinition['commission'], { type: 'campaigns' }>['campaigns'][number]

const campaignOf = (program: ProgramDefinition, key: string | null | undefined): Campaign | undefined =>
  key && program.commission.type === 'campaigns' ? program.commission.campaigns.find((c) => c.key === key) : undefined

/** A funnel: the counters, their rates in percent ("12.50", null when nothing to divide by), the commissions. */
export function funnelJson(t: PerformanceReport['totals']) {
  return {
    clicks: t.clicks,
    uniqueClicks: t.uniqueClicks,
    signups: t.signups,
    firstPayments: t.firstPayments,
    signupRate: t.signupRate,
    paymentRate: t.firstPaymentRate,
    commissions: t.commissions,
  }
}

/** A link or promo code of the partner's: where it points, its campaign, and what it pays when that is its own. */
export function linkJson(caller: Caller, program: ProgramDefinition, c: PartnerCode, base: string) {
  const campaign = campaignOf(program, c.campaignKey)
  const terms = [
    ...(campaign ? [campaignCommission(caller.t, caller.lang, campaign, program.currencies[0]!)] : []),
    ...codeTermLines(caller.t, caller.lang, c, program.timeZone),
  ]
  return {
    code: c.code,
    kind: c.kind === 'link' ? 'link' : 'code',
    url: c.kind === 'link' ? `${base}/r/${c.code}` : null,
    campaign: campaign ? campaignName(campaign, caller.lang) : null,
    status: c.status,
    /** What suspended it: a sanction (`suspension` speaks for it) or the desk on its own (`single`); null: active. */
    suspendedBy: c.suspendedBy ?? null,
    commission: terms.length ? terms.join('; ') : null,
  }
}

/**
 * What a commission was for, as a code: the rule (revenue_share, payment_share, one_time_reward) or, in a network,
 * its campaign's kind (sale, lead, click, visit, download).
 */
export function commissionKind(program: ProgramDefinition, rule: string): string {
  if (!rule.startsWith('campaign:')) return rule
  return campaignOf(program, rule.slice('campaign:'.length))?.kind ?? 'campaign'
}

export interface StatementLine {
  id: string
  date: string
  occurredAt: string
  kind: string
  status: string
  amount: string
  currency: string
  customer: string | null
  order: string | null
  holdUntil: string | null
  campaign: string | null
  subIds: SubIds
  /** What was taken back of it (a positive amount), null when nothing was. */
  reversed: Money | null
  /** What it counts in the partner's commissions now: amount less reversed (0.00 for a line refused when recorded). */
  net: Money
  /** Why money was taken back, as a code the page words (refund, cancellation...); null when nothing was. */
  reason: string | null
}

type Money = { amount: string; currency: string }

/**
 * A statement line: its local date, kind, status and amount, masked customer and order, hold date, campaign, sub-ids,
 * and what was taken back of it (how much, why) and what it nets.
 */
export function statementLineJson(
  program: ProgramDefinition,
  l: CommissionStatement['lines'][number],
  language: string,
): StatementLine {
  return {
    id: l.id,
    date: l.date,
    occurredAt: l.occurredAt,
    kind: commissionKind(program, l.rule),
    status: l.status,
    amount: l.amount.amount,
    currency: l.amount.currency,
    customer: l.customer,
    order: l.order,
    holdUntil: l.holdUntil,
    campaign: l.campaign ? campaignName(campaignOf(program, l.campaign), language, l.campaign) : l.campaign,
    subIds: l.subIds,
    reversed: l.reversed,
    net: l.net,
    reason: l.reason,
  }
}

/** A payout as the partner's history lists it. */
/** Whether the payout is held or rejected: then its reason and finance's note are the partner's to read. */
const explained = (p: PayoutJson) => p.status === 'needs_review' || p.status === 'rejected'

/**
 * A payout of the partner's history: its figures and, while held or once rejected, why in the partner's words (the
 * Telegram notice's, `reasons.*`) and finance's note as written.
 */
/** A payout waiting to be paid, with a date; one under review has none until the review ends. */
const ON_ITS_WAY = new Set(['requested', 'approved'])

export const payoutJson = (caller: Caller, p: PayoutJson, at: { now: Date; timeZone: string }) => ({
  id: p.id,
  requestedAt: p.createdAt,
  status: p.status,
  method: p.method,
  gross: p.gross,
  fee: p.fee,
  /** Income tax withheld (chetup's individuals); "0.00" where none is. */
  tax: p.taxWithheld,
  net: p.net,
  /** What a redeem (service credit, licences) credits instead of money; null for money paid out. */
  credit: p.credit,
  currency: p.currency,
  reference: p.paymentRef,
  /** When a payout still on its way (requested or approved) is expected: the date the bot promised; null otherwise. */
  expectedAt: ON_ITS_WAY.has(p.status) ? p.expectedAt : null,
  /** Still on its way after its expected date has passed (the program's zone): the page says it is late. */
  late: ON_ITS_WAY.has(p.status) && p.expectedAt !== null && payoutLate(new Date(p.expectedAt), at.now, at.timeZone),
  paidAt: p.paidAt,
  reason: explained(p) ? reasonText(caller.t, p.reason ?? 'review') : null,
  note: explained(p) ? p.note : null,
})

/**
 * A dispute as the partner's list shows it: what it is about in words (amount, masked order or customer), where it
 * stands, its answer-by date while open, and the decision's reason in words once resolved.
 */
export function disputeJson(
  caller: Caller,
  program: ProgramDefinition,
  d: DisputeRecord,
  item: DisputeSubjectItem | null,
) {
  const { t, lang } = caller
  const subject = item
    ? disputeItemText(t, lang, program.timeZone, {
        ...item,
        amount: item.amountMinor?.toString(),
        orderRef: maskId(item.orderRef) ?? undefined,
        customerRef: maskId(item.customerRef) ?? undefined,
      })
    : t(`disputes.subject.${d.subject}`)
  const resolved = isResolved(d.status)
  const r = resolved ? resolutionOf(d) : undefined
  return {
    id: d.id,
    number: d.number,
    openedAt: d.createdAt.toISOString(),
    status: d.status,
    about: d.subject,
    subject,
    amount:
      item?.amountMinor !== undefined && item.currency
        ? formatMoney({ minor: item.amountMinor, currency: item.currency })
        : null,
    currency: item?.amountMinor !== undefined ? (item.currency ?? null) : null,
    deadline: resolved ? null : d.answerBy.toISOString(),
    resolution: resolved ? t(`disputes.reason.${r?.reason ?? 'other'}` as 'disputes.reason.other') : null,
    note: r?.note ?? null,
  }
}

/** The balance in one currency, as /earnings counts it (core's earnings view): decimal strings, and dates as ISO. */
export function balanceJson(
  v: EarningsView,
  /** What stands between the partner and the next payout, as /earnings says it (payoutShortfalls). */
  shortfalls: string[],
) {
  const m = (minor: bigint) => formatMoney({ minor, currency: v.currency })
  return {
    currency: v.currency,
    available: m(v.availableMinor),
    pending: m(v.pendingMinor),
    /** The first local date money on hold becomes available (YYYY-MM-DD), if any is. */
    nextRelease: v.releases[0]?.date ?? null,
    held: m(v.heldMinor),
    /** In payout, the payouts under review left out (they are `inReview`, with no date until the review ends). */
    inPayout: m(v.inPayoutMinor - v.inReview.minor),
    inReview: m(v.inReview.minor),
    paid: m(v.paidMinor),
    nextPayoutAt: v.nextPayoutAt,
    /** Paid on request (jqsee, quantower): `nextPayoutAt` is when a payout requested today is paid by. */
    payoutOnRequest: v.payoutOnRequest,
    /** The program's team has paused its payouts: no date is promised. */
    payoutsPaused: v.payoutsPaused,
    /** What stands between the partner and the next payout (why no date is promised), in the partner's words. */
    shortfalls,
  }
}

/**
 * Why the partner's links and codes in a program are suspended, when a sanction did it: the reason in the partner's
 * words (the notice's, `reasons.*`) and the end (ISO) when it has one; null when no sanction did (suspended from the
 * desk one by one: the page keeps "until the program reinstates them"). With `every`: null too unless a sanction
 * suspended every one of them (one the desk suspended on its own stays suspended after the sanction).
 */
export async function suspensionJson(
  core: Pick<Core, 'sanctions'>,
  caller: Caller,
  programKey: string,
  every: PartnerCode[] = [],
): Promise<{ reason: string; endsAt: string | null } | null> {
  if (every.some((c) => c.suspendedBy !== 'sanction')) return null
  const why = codeSuspension(await core.sanctions.active(caller.partner.partnerId, programKey))
  return why && { reason: reasonText(caller.t, why.reason), endsAt: why.endsAt?.toISOString() ?? null }
}
