import { ADJUSTMENT_REASON_CODES } from './adjustments.ts'
import { REVIEW_REASONS } from './review-reasons.ts'

/**
 * Every reason code a person can read, in one place: the lists an operator picks from (in Slack and on the
 * operator API, which refuses a code not in the action's list) and the reasons the service writes itself. Each has
 * words in every language (`reasons.<code>` for partners, `desk.reasons.<code>` where the desk needs other words;
 * test/bots/reason-words.test.ts enumerates them), so nobody reads a code.
 */

/** Why finance holds a payout (the partner reads it). */
export const PAYOUT_HOLD_REASONS = ['review', 'traffic_check', 'technical_fault', 'details_unusable'] as const
/** Why finance rejects a payout. */
export const PAYOUT_REJECT_REASONS = [
  'details_unusable',
  'fraud',
  'bot_traffic',
  'self_referral',
  'partner_request',
  'other',
] as const
/** Why payouts are paused or a pay date moved (the audit log's and the partners' notice). */
export const PAUSE_REASONS = ['funds_check', 'bank_issue', 'fraud_review', 'other'] as const
export const MOVE_REASONS = ['holiday', 'bank_issue', 'funds_check', 'other'] as const
/** Resuming needs no choice: the issue behind the pause is over. */
export const RESUME_REASON = 'resolved'

/** Why a sanction is applied (or a promo code suspended); the partner reads it. */
export const SANCTION_REASONS = [
  'ad_rules',
  'bot_traffic',
  'fraud',
  'self_referral',
  'existing_customer',
  'shared_ip',
  'prohibited_content',
  'low_activity',
  'other',
] as const

/** Why a review flag is dismissed; the flag is resolved `dismissed_<reason>`. */
export const FLAG_DISMISS_REASONS = ['checked_genuine', 'technical_fault', 'other'] as const
/** The sanctions a flag can be acted on with; the flag is resolved `acted_<kind>`. */
export const FLAG_ACT_KINDS = ['warning', 'suspend_codes', 'block', 'disqualify'] as const
/** Every resolution a review flag can be given (`POST /v1/review-flags/{id}/resolve`, the partner card). */
export const FLAG_RESOLUTIONS = [
  ...FLAG_DISMISS_REASONS.map((r) => `dismissed_${r}` as const),
  ...FLAG_ACT_KINDS.map((k) => `acted_${k}` as const),
]

/**
 * Reasons the service gives by itself, which people read on commissions, payouts and sanctions: the program
 * rules' refusals and holds, what a sanction or an erasure does to payouts, what keeps a payout from its batch.
 */
export const SYSTEM_REASONS = [
  // the rules (core/domain/rules.ts) and the programs' customer checks
  'self_referral',
  'self_referral_suspected',
  'existing_customer',
  'excluded_customer_kind',
  'claimed_twice',
  'not_new_user',
  'not_signed_up_via_link',
  // earned once the event that qualifies the customer was delivered, after the money event (late-qualification.ts)
  'qualified_late',
  // a client that paid before this one, reported after it, raised its level (level-raises.ts)
  'level_raised_late',
  'shared_ip',
  'repeat_ip',
  'foreign_country',
  'unsettled',
  'refund',
  'cancellation',
  'refund_after_window',
  'substandard',
  'dispute_upheld',
  'low_activity',
  'ad_rules',
  // a sanction or an erasure on the partner's payouts and commissions
  'partner_blocked',
  'disqualified',
  // an agreement ended for a breach that closes the accumulated reward (termination.onBreach)
  'breach',
  'data_erased',
  // what keeps a payout out of its batch (core/domain/payouts.ts payoutBlocker)
  'partner_disqualified',
  'partner_not_active',
  'on_hold',
  'details_not_agreed',
  'not_enough_players',
] as const

/** Every reason code a person may read, each once. */
export const READABLE_REASONS: readonly string[] = [
  ...new Set<string>([
    ...Object.values(REVIEW_REASONS).flat(),
    ...PAYOUT_HOLD_REASONS,
    ...PAYOUT_REJECT_REASONS,
    ...SANCTION_REASONS,
    ...FLAG_DISMISS_REASONS,
    ...SYSTEM_REASONS,
    ...ADJUSTMENT_REASON_CODES,
  ]),
]

export const isOneOf = <T extends string>(list: readonly T[], code: string): code is T =>
  (list as readonly string[]).includes(code)

/**
 * The reasons a payout decision may give: holding and rejecting have their lists; approving, cancelling and paying
 * take any reason a partner can read. Core refuses any other (`payout.unknown_reason`), whoever calls.
 */
export function payoutDecisionReasons(action: 'approve' | 'reject' | 'hold' | 'cancel' | 'pay'): readonly string[] {
  if (action === 'hold') return PAYOUT_HOLD_REASONS
  if (action === 'reject') return PAYOUT_REJECT_REASONS
  return READABLE_REASONS
}
