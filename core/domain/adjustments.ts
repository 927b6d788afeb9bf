/**
 * Manual adjustments (contract section 7, `POST /v1/partners/{partner}/adjustments`): a bonus or a penalty finance
 * or an admin puts on a partner's balance. The reason is one of a fixed list, each with words in every language
 * (`adjustments.reason.<code>`), and each says which way the money may go: a bonus reason only adds, a penalty
 * reason only takes away, a correction may do either.
 */
export const ADJUSTMENT_REASONS = {
  goodwill_bonus: 'bonus',
  campaign_bonus: 'bonus',
  performance_bonus: 'bonus',
  correction: 'either',
  chargeback: 'penalty',
  fraud_penalty: 'penalty',
  rule_breach_penalty: 'penalty',
} as const satisfies Record<string, 'bonus' | 'penalty' | 'either'>

export type AdjustmentReason = keyof typeof ADJUSTMENT_REASONS
export const ADJUSTMENT_REASON_CODES = Object.keys(ADJUSTMENT_REASONS) as AdjustmentReason[]

export const isAdjustmentReason = (code: string): code is AdjustmentReason => Object.hasOwn(ADJUSTMENT_REASONS, code)

/** True when the reason allows money to move that way (`amountMinor` is never zero here). */
export function reasonAllows(reason: AdjustmentReason, amountMinor: bigint): boolean {
  const way = ADJUSTMENT_REASONS[reason]
  return way === 'either' || (way === 'bonus') === amountMinor > 0n
}

/**
 * The most one adjustment may move, either way, in the currency's major units: a typing slip (a bonus of
 * 1,000,000 for 100.00) is refused rather than paid out. Money beyond it is not a correction made by hand.
 */
export const ADJUSTMENT_MAX_MAJOR = 100_000n

/** The longest note an operator may add (the partner reads it). */
export const ADJUSTMENT_NOTE_MAX = 500

/**
 * Whether a partner in this status may get a bonus or a penalty in the program: only one who has or had an agreement
 * there. An application waiting for the company's approval or declined (worksection-partner) is no agreement: no
 * money may be put on it (nor taken from it). A terminated, blocked or disqualified partner had one, and a final
 * settlement is still theirs.
 */
export const adjustableStatus = (status: string) => status !== 'applied' && status !== 'declined'
