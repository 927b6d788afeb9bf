import type { DetailsProblem } from './payment-details.ts'

/**
 * Every refusal core can raise: its code, the data its messages may use, and its kind. Transports map the kind
 * once (HTTP status, Telegram and Slack wording) and find the words under the code's message keys in the `errors`
 * namespace of every language; core itself never translates.
 */

/** What sort of refusal a code is; each transport maps these, never single codes. */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'refused' | 'forbidden' | 'unavailable'

/** A field of the request that is wrong, and how (the HTTP error's `issues`). */
export interface ErrorIssue {
  path: string
  message: string
}
type Issues = { issues: ErrorIssue[] }
/** DetailsProblem's fields, flattened (a refusal's data is flat). */
type DetailsProblemData = {
  problem: DetailsProblem['problem']
  country: string
  expected: number
  given: number
}
type None = Record<never, never>
/** Amounts are decimal strings in `currency` (`12.50`). */
type Amounts<K extends string> = { [k in K]: string } & { currency: string }

/** The data each code carries. Dates are ISO-8601 strings; statuses and reasons are codes the transports word. */
export interface ErrorData {
  'adjustment.key_conflict': { key: string }
  'adjustment.note_too_long': { max: number }
  'adjustment.reason_mismatch': { reason: string; kind: 'bonus' | 'penalty' }
  'adjustment.unknown_reason': { reason: string }
  'adjustment.zero': None
  'adjustment.too_large': Amounts<'limit'>
  /** The partner's application is waiting for approval or was declined: no agreement to put money on. */
  'adjustment.no_agreement': { program: string; status: string }
  'batch.not_found': { batch: string }
  'review.note_too_long': { max: number }
  'review.unknown_reason': { code: string; action: string; allowed: string }
  'batch.not_payable': { batch: string; status: string }
  'broadcast.invalid_transition': { status: string; action: string }
  'broadcast.not_found': { id: string }
  'broadcast.notice_passed': { noticeDays: number; effectiveAt: string }
  'code.not_found': { code: string }
  /** Taken exactly anywhere, or regardless of case in the program. */
  'code.taken': { code: string; program: string }
  'code.limit_reached': { program: string; max: number }
  /** A vanity code must be 4-64 letters, digits, `_` or `-`. */
  'code.malformed': None
  'code.rate_not_allowed': { program: string }
  'code.invalid_rate': None
  'code.invalid_window': { from: string; until: string }
  /** Codes are issued and reinstated only for a partner active in the program. */
  'code.partner_not_active': { program: string; status: string }
  /** A suspend_codes sanction is in force: lifting it reinstates the codes. */
  'code.codes_sanctioned': { code: string }
  'commission.already_held': { commission: string }
  'commission.closed': { commission: string; status: string }
  'commission.not_found': { commission: string }
  'deal.invalid': Issues
  /** No deal in force or to come: nothing to end. */
  'deal.none': { partner: string; program: string }
  /** A deal is set only for a partner active in the program (core/domain/deals.ts dealStanding). */
  'deal.partner_not_active': { program: string; status: string }
  'details.changed': None
  /** Finance already agreed these details for the program, or asked for other ones. */
  'details.already_decided': None
  'details.reason_missing': None
  'commission.not_held': { commission: string; status: string }
  'commission.awaiting_settlement': { commission: string }
  'commission.tier_top_up': { commission: string }
  'commission.settled_meanwhile': { commission: string }
  'commission.partner_disqualified': { commission: string }
  'commission.not_restorable': { commission: string; status: string }
  'commission.restore_reason': { reason: string }
  'dispute.already_escalated': { number: number }
  'dispute.already_yours': { number: number }
  'dispute.bad_reason': { reason: string }
  'dispute.bad_subject': None
  'dispute.empty': None
  'dispute.final': { number: number }
  'dispute.invalid_transition': { number: number; status: string; action: string }
  'dispute.not_enrolled': { program: string }
  /** A partner names the dispute by its number, the desk by its id. */
  'dispute.not_found': { number: number } | { id: string }
  'dispute.note_required': None
  'dispute.resolved': { number: number; status: string; action: string }
  'dispute.subject_not_found': None
  'dispute.too_long': { max: number }
  'dispute.taken': { number: number; assignee: string }
  'dispute.too_many_files': { max: number }
  'enrolment.campaigns_closed': { program: string; status: string }
  'enrolment.changed_concurrently': { partner: string }
  'enrolment.exclusive': { program: string; conflictsWith: string }
  'enrolment.invalid': Issues
  'enrolment.legal_type_conflict': { legalType: 'individual' | 'company' }
  'enrolment.no_campaign_chosen': { program: string }
  'enrolment.no_campaigns': { program: string }
  'enrolment.not_found': { partner: string; program: string }
  'enrolment.transition_not_allowed': { action: string; status: string }
  'enrolment.unknown_campaign': { campaigns: string[] }
  'flag.already_resolved': { flag: string; resolution: string | null }
  'flag.invalid_resolution': { resolution: string }
  'flag.not_found': { flag: string }
  'ledger.currency_not_offered': { currency: string; currencies: string[] }
  'money.invalid_amount': { amount: string }
  'money.too_precise': { amount: string; currency: string; digits: number }
  'money.unknown_currency': { currency: string }
  'partner.bad_query': { query: string }
  'partner.not_found': { partner: string }
  'performance.invalid': Issues
  'payout.amount_invalid': { amount: string; currency: string }
  'payout.bad_date': { date: string }
  /** `requested`: the amount the partner typed (below the minimum), when the balance itself would do. */
  'payout.below_minimum': Amounts<'minimum' | 'available'> & { requested?: string }
  'payout.changed_concurrently': { payout: string }
  'payout.currency_not_offered': { currency: string; currencies: string[] }
  'payout.date_in_future': { date: string }
  'payout.date_in_past': { date: string }
  /** `problem`: which check failed (core/domain/payment-details.ts DetailsProblem), never the details themselves. */
  'payout.details_invalid': Issues & { method: string } & Partial<DetailsProblemData>
  'payout.details_missing': { method: string }
  'payout.details_not_agreed': None
  'payout.details_not_needed': { method: string }
  'payout.funds_pending': Amounts<'available' | 'pending'> & { requested?: string }
  'payout.hold_in_past': { until: string }
  'payout.hold_not_allowed': { program: string }
  'payout.hold_too_long': { latest: string }
  'payout.in_closed_batch': { batch: string }
  /** A payout in a batch is paid with its batch (the batch's file), never on its own. */
  'payout.in_batch': { batch: string }
  'payout.insufficient_funds': Amounts<'requested' | 'available' | 'pending'>
  'payout.invalid_transition': { action: string; status: string }
  /** A partner may not cancel a request under review: the review decides it (approve or reject). */
  'payout.under_review': { payout: string }
  'payout.key_conflict': { key: string }
  /** A hold or rejection with the reason "other" and no note: the partner would read nothing. */
  'payout.note_required': None
  'payout.note_too_long': { max: number }
  'payout.method_not_offered': { method: string; methods: string[] }
  'payout.not_a_pay_date': { date: string }
  'payout.batch_built': { date: string }
  'payout.not_above_minimum': Amounts<'minimum' | 'available'> & { requested?: string }
  'payout.not_enough_players': { players: number; required: number }
  'payout.not_found': { payout: string }
  'payout.not_scheduled': { program: string }
  'payout.nothing_available': Amounts<'available' | 'pending'>
  'payout.on_hold': { until: string; reason: string }
  /** Payouts blocked until support lifts the block (melbet 2.9: an ad-rule warning not resolved in time). */
  'payout.blocked': { reason: string }
  'payout.partner_blocked': None
  'payout.partner_disqualified': None
  'payout.partner_not_active': None
  'payout.reason_required': { action: string }
  /** A reason code not on the decision's list (core/domain/reason-codes.ts payoutDecisionReasons). */
  'payout.unknown_reason': { code: string; action: string; allowed: string }
  'payout.reference_required': None
  'postback.before_click': Issues & { clickAt: string }
  'postback.before_order': Issues & { order: string; orderedAt: string }
  'postback.order_of_other_partner': Issues & { order: string }
  'postback.order_currency': Issues & { order: string; currency: string }
  'postback.before_enrolment': Issues & { program: string; registeredAt?: string }
  'postback.click_mismatch': Issues
  'postback.id_conflict': { id: string }
  'postback.invalid': Issues
  'postback.too_old': Issues & { program: string; maxDelayDays: number }
  'postback.unknown_click': Issues
  'program.not_found': { program: string }
  'referee_bonus.bad_status': { status: string }
  'referee_bonus.not_found': { bonus: string }
  'referee_bonus.voided': { bonus: string }
  'sanction.already_lifted': { sanction: string }
  /** An end given to a sanction that takes none (a warning has its deadline, a disqualification is final). */
  'sanction.end_not_allowed': Issues & { kind: string }
  /** A sanction's end that is not in the future. */
  'sanction.end_passed': Issues & { endsAt: string }
  'sanction.final': { sanction: string }
  'sanction.not_found': { sanction: string }
  'service.unavailable': { dependency: string }
  'statement.bad_period': { from: string; to: string }
  'terms.already_published': { version: number }
  'terms.bad_commission': { problems: string }
  'terms.bad_date': None
  'terms.rates_need_commission': None
  'terms.missing_languages': { languages: string }
  'terms.no_text': None
  /** Texts without English: what a partner reads when their language has none (contract section 3). */
  'terms.english_required': Issues
  'terms.not_enrolled': { program: string }
  'terms.agreement_ended': { program: string }
  /** The partner's application is waiting for approval or was declined: no agreement whose terms could change. */
  'terms.no_agreement': { program: string; status: string }
  'terms.not_found': { id: string }
  'terms.not_published': { id: string }
  'terms.notice_too_short': { program: string; noticeDays: number; earliest: string }
  'terms.effective_in_past': { program: string; earliest: string }
  'terms.text_too_long': { language: string; max: number }
  'terms.unknown_language': { language: string }
}

export type ErrorCode = keyof ErrorData

/** The keys every variant of a data type has: the only ones a message may interpolate. */
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T]
type SharedKeys<T> = Extract<RequiredKeys<T>, keyof T>
type AllKeys<T> = T extends unknown ? keyof T : never

export interface ErrorEntry<C extends ErrorCode> {
  kind: ErrorKind
  /** Data fields the messages interpolate ({{name}}); a message using any other is a test failure. */
  vars: readonly (SharedKeys<ErrorData[C]> & string)[]
  /** A partner can meet it in the bot: it has its own wording addressed to the partner. */
  partner?: true
  /** Fields the partner's wording may use besides `vars`: present in the data every partner-facing path gives. */
  partnerVars?: readonly (AllKeys<ErrorData[C]> & string)[]
  /**
   * It has other words (`<key>_requested`) for when its data carries `requested`: the amount the person typed is
   * what the rule refuses, rather than their balance.
   */
  typed?: true
}

const e = <C extends ErrorCode>(kind: ErrorKind, vars: ErrorEntry<C>['vars'] = [], partner?: true): ErrorEntry<C> =>
  partner ? { kind, vars, partner } : { kind, vars }
const P = true as const

/** The catalogue: a code missing here, or one here that core cannot raise, does not compile. */
export const ERRORS: { [C in ErrorCode]: ErrorEntry<C> } = {
  'adjustment.key_conflict': e('conflict'),
  'adjustment.note_too_long': e('invalid', ['max']),
  'adjustment.reason_mismatch': e('invalid', ['reason']),
  'adjustment.unknown_reason': e('invalid', ['reason']),
  'adjustment.zero': e('invalid'),
  'adjustment.too_large': e('invalid', ['limit']),
  'adjustment.no_agreement': e('refused'),
  'batch.not_found': e('not_found'),
  'review.note_too_long': e('invalid', ['max']),
  'review.unknown_reason': e('invalid', ['code', 'action', 'allowed']),
  'batch.not_payable': e('conflict', ['status']),
  'broadcast.invalid_transition': e('conflict', ['status']),
  'broadcast.not_found': e('not_found'),
  'broadcast.notice_passed': e('conflict', ['noticeDays', 'effectiveAt']),
  'code.not_found': e('not_found', ['code']),
  'code.taken': e('conflict', ['code']),
  'code.limit_reached': e('refused', ['max']),
  'code.malformed': e('invalid'),
  'code.rate_not_allowed': e('refused'),
  'code.invalid_rate': e('invalid'),
  'code.invalid_window': e('invalid'),
  'code.partner_not_active': e('refused'),
  'code.codes_sanctioned': e('conflict', ['code']),
  'commission.already_held': e('conflict'),
  'commission.closed': e('conflict', ['status']),
  'commission.not_found': e('not_found', ['commission']),
  'deal.invalid': e('invalid'),
  'deal.none': e('conflict', ['program']),
  'deal.partner_not_active': e('refused', ['program', 'status']),
  'details.changed': e('conflict'),
  'details.already_decided': e('conflict'),
  'details.reason_missing': e('invalid'),
  'commission.not_held': e('conflict', ['status']),
  'commission.awaiting_settlement': e('conflict'),
  'commission.tier_top_up': e('conflict'),
  'commission.settled_meanwhile': e('conflict'),
  'commission.partner_disqualified': e('conflict'),
  'commission.not_restorable': e('conflict', ['status']),
  'commission.restore_reason': e('invalid', ['reason']),
  'dispute.already_escalated': e('conflict', ['number']),
  'dispute.already_yours': e('conflict', ['number']),
  'dispute.bad_reason': e('invalid', ['reason']),
  'dispute.bad_subject': e('invalid', [], P),
  'dispute.empty': e('invalid', [], P),
  'dispute.final': e('refused', ['number'], P),
  'dispute.invalid_transition': e('conflict', ['number', 'status'], P),
  'dispute.not_enrolled': e('refused', ['program'], P),
  // a partner names the dispute by its number; the desk by its id
  'dispute.not_found': { kind: 'not_found', vars: [], partner: P, partnerVars: ['number'] },
  'dispute.note_required': e('invalid'),
  'dispute.resolved': e('conflict', ['number'], P),
  'dispute.subject_not_found': e('not_found', [], P),
  'dispute.too_long': e('invalid', ['max'], P),
  'dispute.taken': e('conflict', ['number', 'assignee']),
  'dispute.too_many_files': e('invalid', ['max'], P),
  'enrolment.campaigns_closed': e('conflict', ['program', 'status'], P),
  'enrolment.changed_concurrently': e('conflict'),
  'enrolment.exclusive': e('conflict', ['program', 'conflictsWith'], P),
  'enrolment.invalid': e('invalid', [], P),
  'enrolment.legal_type_conflict': e('conflict'),
  'enrolment.no_campaign_chosen': e('invalid', ['program'], P),
  'enrolment.no_campaigns': e('invalid', ['program']),
  'enrolment.not_found': e('not_found', ['partner', 'program'], P),
  'enrolment.transition_not_allowed': e('conflict', ['action', 'status']),
  'enrolment.unknown_campaign': e('invalid', ['campaigns']),
  'flag.already_resolved': e('conflict'),
  'flag.invalid_resolution': e('invalid', ['resolution']),
  'flag.not_found': e('not_found'),
  'ledger.currency_not_offered': e('invalid', ['currency', 'currencies']),
  'money.invalid_amount': e('invalid', ['amount'], P),
  'money.too_precise': e('invalid', ['amount', 'currency', 'digits'], P),
  'money.unknown_currency': e('invalid', ['currency'], P),
  'partner.bad_query': e('invalid', ['query']),
  'partner.not_found': e('not_found', ['partner']),
  'performance.invalid': e('invalid'),
  'payout.amount_invalid': e('invalid', ['amount'], P),
  'payout.bad_date': e('invalid', ['date']),
  'payout.below_minimum': { ...e('refused', ['minimum', 'available'], P), typed: true },
  'payout.changed_concurrently': e('conflict'),
  'payout.currency_not_offered': e('refused', ['currency', 'currencies'], P),
  'payout.date_in_future': e('refused', ['date']),
  'payout.date_in_past': e('refused', ['date']),
  'payout.details_invalid': e('invalid', [], P),
  'payout.details_missing': e('refused', [], P),
  'payout.details_not_agreed': e('refused', [], P),
  'payout.details_not_needed': e('refused', ['method'], P),
  'payout.funds_pending': e('refused', ['available', 'pending'], P),
  'payout.hold_in_past': e('refused'),
  'payout.hold_not_allowed': e('refused', ['program']),
  'payout.hold_too_long': e('refused', ['latest']),
  'payout.in_closed_batch': e('conflict'),
  'payout.in_batch': e('conflict'),
  'payout.insufficient_funds': e('refused', ['requested', 'available'], P),
  'payout.invalid_transition': e('conflict', ['status']),
  'payout.note_required': e('invalid'),
  'payout.note_too_long': e('invalid', ['max']),
  'payout.under_review': e('conflict', [], P),
  'payout.key_conflict': e('conflict', [], P),
  'payout.method_not_offered': e('refused', ['method'], P),
  'payout.not_a_pay_date': e('refused', ['date']),
  'payout.batch_built': e('conflict', ['date']),
  'payout.not_above_minimum': { ...e('refused', ['minimum', 'available'], P), typed: true },
  'payout.not_enough_players': e('refused', ['players', 'required'], P),
  'payout.not_found': e('not_found'),
  'payout.not_scheduled': e('refused', ['program']),
  'payout.nothing_available': e('refused', [], P),
  'payout.on_hold': e('refused', ['until', 'reason'], P),
  'payout.blocked': e('refused', ['reason'], P),
  'payout.partner_blocked': e('refused', [], P),
  'payout.partner_disqualified': e('refused', [], P),
  'payout.partner_not_active': e('refused', [], P),
  'payout.reason_required': e('invalid'),
  'payout.unknown_reason': e('invalid', ['code', 'allowed']),
  'payout.reference_required': e('invalid'),
  'postback.before_click': e('refused', ['clickAt']),
  'postback.before_order': e('refused', ['order', 'orderedAt']),
  'postback.order_of_other_partner': e('refused', ['order']),
  'postback.order_currency': e('refused', ['order', 'currency']),
  'postback.before_enrolment': e('refused', ['program']),
  'postback.click_mismatch': e('refused'),
  'postback.id_conflict': e('conflict', ['id']),
  'postback.invalid': e('invalid'),
  'postback.too_old': e('refused', ['program', 'maxDelayDays']),
  'postback.unknown_click': e('refused'),
  'program.not_found': e('not_found', ['program'], P),
  'referee_bonus.bad_status': e('invalid', ['status']),
  'referee_bonus.not_found': e('not_found'),
  'referee_bonus.voided': e('conflict'),
  'sanction.already_lifted': e('conflict'),
  'sanction.end_not_allowed': e('invalid'),
  'sanction.end_passed': e('invalid'),
  'sanction.final': e('conflict'),
  'sanction.not_found': e('not_found', ['sanction']),
  'service.unavailable': e('unavailable', [], P),
  'statement.bad_period': e('invalid'),
  'terms.already_published': e('conflict', ['version']),
  'terms.bad_commission': e('invalid', ['problems']),
  'terms.bad_date': e('invalid'),
  'terms.rates_need_commission': e('invalid'),
  'terms.missing_languages': e('refused', ['languages']),
  'terms.no_text': e('invalid'),
  'terms.english_required': e('invalid'),
  'terms.not_enrolled': e('not_found', ['program'], P),
  'terms.agreement_ended': e('refused', ['program'], P),
  'terms.no_agreement': e('refused', ['program'], P),
  'terms.not_found': e('not_found', [], P),
  // a draft: it exists, and has nothing to answer until it is published
  'terms.not_published': e('conflict'),
  'terms.notice_too_short': e('refused', ['noticeDays', 'earliest']),
  'terms.effective_in_past': e('refused', ['earliest']),
  'terms.text_too_long': e('invalid', ['max']),
  'terms.unknown_language': e('invalid', ['language']),
}

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[]

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code)

/**
 * Where a code's words are, in the `errors` namespace: the general text (the API, the desk) and, for codes a
 * partner meets in the bot, the text addressed to the partner.
 */
export function messageKeys(code: ErrorCode): {
  general: string
  partner?: string
  /** The words for a typed amount (ErrorEntry.typed). */
  generalTyped?: string
  partnerTyped?: string
} {
  const { partner, typed } = ERRORS[code]
  return {
    general: code,
    ...(partner ? { partner: `to_partner.${code}` } : {}),
    ...(typed ? { generalTyped: `${code}_requested` } : {}),
    ...(typed && partner ? { partnerTyped: `to_partner.${code}_requested` } : {}),
  }
}
