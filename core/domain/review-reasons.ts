import type { ReviewAction } from '../use-cases/review-commission.ts'

/**
 * The reasons an operator may give for a decision on one commission (`POST /v1/commissions/{id}/review`, the
 * partner card's "Held for review" buttons): a fixed list per action, each with words in every language
 * (`reasons.<code>` in locales/<lng>/common.json), so the partner reads why in their language. The dispute flow
 * decides commissions with its own reasons and does not go through these lists.
 */
export const REVIEW_REASONS = {
  hold: [
    'traffic_check',
    'fraud',
    'bot_traffic',
    'self_referral',
    'self_referral_suspected',
    'existing_customer',
    'shared_ip',
    'repeat_ip',
    'foreign_country',
    'suspicious_activity',
    'review',
    'other',
  ],
  approve: ['checked_genuine', 'dispute_upheld', 'technical_fault', 'other'],
  reject: [
    'fraud',
    'bot_traffic',
    'self_referral',
    'existing_customer',
    'shared_ip',
    'repeat_ip',
    'foreign_country',
    'other',
  ],
  void: [
    'fraud',
    'suspicious_activity',
    'self_referral',
    'existing_customer',
    'shared_ip',
    'foreign_country',
    'refund',
    'cancellation',
    'other',
  ],
  substandard: ['bot_traffic', 'repeat_ip', 'substandard', 'fraud', 'other'],
} as const satisfies Record<ReviewAction, readonly string[]>

export const isReviewReason = (action: ReviewAction, code: string): boolean =>
  (REVIEW_REASONS[action] as readonly string[]).includes(code)

/** The longest note an operator may add to a decision (the partner reads it). */
export const REVIEW_NOTE_MAX = 500
