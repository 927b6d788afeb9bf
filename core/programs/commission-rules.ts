import { z } from 'zod'
import { isDomainError } from '../domain/errors.ts'
import { isKnownCurrency, parseMoney } from '../domain/money.ts'
import { bps, days, decimal, name, names } from './schema-parts.ts'

/** The commission rules a program's definition may name (definition.ts `commission`), and the money they pay. */

/** Per-customer one-time reward; the amount grows with the number of customers already rewarded. */
const oneTimeReward = z.object({
  type: z.literal('one_time_reward'),
  /** `after`: how many earlier rewarded customers the level needs (Bronze after 5 -> the 6th and later). */
  levels: z.array(z.object({ name, names: names.optional(), after: z.number().int().min(0), amount: decimal })).min(1),
  /** The event that earns it: a payment covering at least `minMonthsPaid` months. */
  minMonthsPaid: z.number().int().min(0).default(1),
  holdDays: days,
  /** A reward the referred customer gets on its own account (recorded, not the partner's money). */
  refereeReward: decimal.optional(),
})

/** A share of every payment; with levels, each customer keeps the rate of the level at its acquisition. */
const paymentShare = z.object({
  type: z.literal('payment_share'),
  levels: z.array(z.object({ name, names: names.optional(), after: z.number().int().min(0), rateBps: bps })).min(1),
  holdDays: days,
  /** The company may set a partner's (or a promo code's) own rate. */
  allowRateOverride: z.boolean().default(false),
})

/** What a network's campaign pays for: a share of a sale, or a fixed amount per action of the other kinds. */
export const CAMPAIGN_KINDS = ['sale', 'new_customer', 'lead', 'click', 'visit', 'download'] as const

const campaign = z.discriminatedUnion('kind', [
  z.object({ key: z.string(), name, names: names.optional(), kind: z.literal('sale'), rateBps: bps }),
  z.object({
    key: z.string(),
    name,
    names: names.optional(),
    kind: z.enum(CAMPAIGN_KINDS.filter((k) => k !== 'sale') as ['new_customer', 'lead', 'click', 'visit', 'download']),
    amount: decimal,
  }),
])

/** A network of vendor campaigns, each with its own commission type and value. */
const campaigns = z.object({
  type: z.literal('campaigns'),
  campaigns: z.array(campaign).min(1),
  /** Commissions appear after verification, this many calendar days after the action. */
  verificationDays: days,
  /** A cancellation reported within this many days removes the commission. */
  cancellationDays: days,
})

/** A share of net revenue (which may be negative), by time since joining and by monthly volume. */
const revenueShare = z.object({
  type: z.literal('revenue_share'),
  intro: z.object({ months: z.number().int().min(0), rateBps: bps }).optional(),
  /** Rate by new users (qualified customers) in the calendar month, highest `minNewUsers` reached wins. */
  tiers: z.array(z.object({ minNewUsers: z.number().int().min(0), rateBps: bps })).min(1),
  /** Revenue from unsettled events is held until it is settled. */
  settledOnly: z.boolean(),
  /** A negative balance is carried into later periods instead of being written off. */
  carryNegative: z.boolean(),
})

export const commissionRuleSchema = z.discriminatedUnion('type', [oneTimeReward, paymentShare, campaigns, revenueShare])
export type CommissionRule = z.infer<typeof commissionRuleSchema>

/** A problem with an amount of a rule or a definition: where it is, and what is wrong. */
export interface MoneyIssue {
  path: (string | number)[]
  message: string
}

/** Whether `amount` can be paid in `currency` (no finer than its minor unit), or what is wrong with it. */
export function amountProblem(amount: string, currency: string): string | undefined {
  try {
    parseMoney(amount, currency)
    return undefined
  } catch (e) {
    return isDomainError(e) && e.code === 'money.too_precise'
      ? `${amount} has more decimal places than ${currency} allows`
      : `${amount} is not an amount in ${currency}`
  }
}

/**
 * The amounts a commission rule pays (one-time rewards' levels, the referee's reward, campaigns' fixed amounts), each
 * checked in every currency the program pays in: a rule the ledger cannot pay would refuse every postback it meets.
 */
export function commissionMoneyIssues(rule: CommissionRule, currencies: readonly string[]): MoneyIssue[] {
  const amounts: { path: (string | number)[]; amount: string }[] = []
  if (rule.type === 'one_time_reward') {
    for (const [i, l] of rule.levels.entries()) amounts.push({ path: ['levels', i, 'amount'], amount: l.amount })
    if (rule.refereeReward) amounts.push({ path: ['refereeReward'], amount: rule.refereeReward })
  }
  if (rule.type === 'campaigns')
    rule.campaigns.forEach((c, i) => {
      if ('amount' in c) amounts.push({ path: ['campaigns', i, 'amount'], amount: c.amount })
    })
  return amounts.flatMap(({ path, amount }) =>
    currencies.flatMap((c) => {
      const message = isKnownCurrency(c) ? amountProblem(amount, c) : undefined
      return message ? [{ path, message }] : []
    }),
  )
}
