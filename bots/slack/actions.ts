import { z } from 'zod'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../core/domain/payouts.ts'
import type { SanctionKind } from '../../core/use-cases/sanctions.ts'

/**
 * Every button of the desk, declared once: its action id, `encode` for the card that shows it and `parse` (zod)
 * for the listener that reads its value. A value that does not parse (forged, or from an old card) is answered
 * with "this button is no longer active" and changes nothing.
 */
export interface SlackAction<V> {
  readonly id: string
  encode(value: V): string
  parse(value: string | undefined): V | undefined
}

const uuid = z.uuid()

/** A button on one record (a dispute, a payout, a batch, a broadcast, a sanction): its value is the record's id. */
const onRecord = (id: string): SlackAction<string> => ({
  id,
  encode: (recordId) => recordId,
  parse: (value) => uuid.safeParse(value).data,
})

const payoutStatus = z.enum(PAYOUT_STATUSES)
export type SeenPayout = { payoutId: string; seenStatus?: PayoutStatus }

/**
 * A decision on a payout (Approve, at once; Hold and Reject, through their modal): `<payoutId>:<status the card or
 * row showed>`, so that a click on one another agent's decision has overtaken (approved or held meanwhile, say)
 * changes nothing. A bare id, from a card posted before the status was carried, still parses, without the check.
 */
const onSeenPayout = (id: string): SlackAction<SeenPayout> => ({
  id,
  encode: (p) => (p.seenStatus ? `${p.payoutId}:${p.seenStatus}` : p.payoutId),
  parse(value) {
    const [payoutId, status, ...rest] = (value ?? '').split(':')
    if (rest.length || !uuid.safeParse(payoutId).success) return undefined
    if (status === undefined) return { payoutId: payoutId! }
    const seenStatus = payoutStatus.safeParse(status).data
    return seenStatus ? { payoutId: payoutId!, seenStatus } : undefined
  },
})

const enrolmentValue = z.object({ partnerId: uuid, programKey: z.string().regex(/^[a-z0-9-]{1,64}$/) })
export type EnrolmentRef = z.output<typeof enrolmentValue>

/** A button on a partner's enrolment: `<partnerId>:<programKey>`. */
const onEnrolment = (id: string): SlackAction<EnrolmentRef> => ({
  id,
  encode: (e) => `${e.partnerId}:${e.programKey}`,
  parse(value) {
    const [partnerId, programKey, ...rest] = (value ?? '').split(':')
    return rest.length ? undefined : enrolmentValue.safeParse({ partnerId, programKey }).data
  },
})

const detailsValue = enrolmentValue.extend({ detailsId: uuid })
export type DetailsRef = z.output<typeof detailsValue>

/** A button on a partner's payment details for a program: `<partnerId>:<programKey>:<detailsId>`. */
const onDetails = (id: string): SlackAction<DetailsRef> => ({
  id,
  encode: (d) => `${d.partnerId}:${d.programKey}:${d.detailsId}`,
  parse(value) {
    const [partnerId, programKey, detailsId, ...rest] = (value ?? '').split(':')
    return rest.length ? undefined : detailsValue.safeParse({ partnerId, programKey, detailsId }).data
  },
})

/** The dispute card's and the App Home's buttons. */
export const DISPUTE_ACTIONS = {
  claim: onRecord('dispute_claim'),
  reply: onRecord('dispute_reply'),
  evidence: onRecord('dispute_evidence'),
  uphold: onRecord('dispute_uphold'),
  reject: onRecord('dispute_reject'),
  escalate: onRecord('dispute_escalate'),
}

/** Buttons of the finance desk (payout cards, batch summaries, `/pa payouts`, `/pa batches`). */
export const FINANCE_ACTIONS = {
  approve: onSeenPayout('payout_approve'),
  hold: onSeenPayout('payout_hold'),
  reject: onSeenPayout('payout_reject'),
  paid: onRecord('payout_paid'),
  batchPaid: onRecord('batch_paid'),
}

/** The payment details card (programs that pay only to details agreed with the manager). */
export const DETAILS_ACTIONS = {
  agree: onDetails('details_agree'),
  askChanges: onDetails('details_ask_changes'),
  reveal: onDetails('details_reveal'),
}

/** A broadcast's progress message controls. */
export const BROADCAST_ACTIONS = {
  pause: onRecord('broadcast_pause'),
  resume: onRecord('broadcast_resume'),
  cancel: onRecord('broadcast_cancel'),
}

/** The sanction buttons of a partner card, one per kind. */
export const PARTNER_ACTIONS = {
  warning: onEnrolment('partner_warn'),
  suspend_codes: onEnrolment('partner_suspend_codes'),
  block: onEnrolment('partner_block'),
  disqualify: onEnrolment('partner_disqualify'),
} satisfies Record<SanctionKind, SlackAction<EnrolmentRef>>

/** The buttons of an application's card (worksection-partner): approve it, or decline it with a reason. */
export const APPLICATION_ACTIONS = {
  approve: onEnrolment('application_approve'),
  decline: onEnrolment('application_decline'),
}

/** The partner card's deal buttons: set a deal (a modal with a preview step), or end the one in force. */
export const DEAL_ACTIONS = {
  set: onEnrolment('deal_set'),
  end: onEnrolment('deal_end'),
}

const bonusValue = z.object({ programKey: z.string().regex(/^[a-z0-9-]{1,64}$/), bonusId: uuid })
export type BonusRef = z.output<typeof bonusValue>

/** `/pa bonuses`: mark a referred customer's bonus granted, `<programKey>:<bonusId>`. */
export const BONUS_ACTIONS = {
  granted: {
    id: 'referee_bonus_granted',
    encode: (b: BonusRef) => `${b.programKey}:${b.bonusId}`,
    parse(value: string | undefined) {
      const [programKey, bonusId, ...rest] = (value ?? '').split(':')
      return rest.length ? undefined : bonusValue.safeParse({ programKey, bonusId }).data
    },
  } satisfies SlackAction<BonusRef>,
}

/** End a partner's agreement in a program (the partner card): opens the confirmation with the reason. */
export const END_ACTION = onEnrolment('partner_end')

/** Lift a sanction (its id) from the partner card. */
export const LIFT_ACTION = onRecord('partner_lift')
/** The same, chosen in the card's select of the sanctions in force beyond its lift buttons (the option's value). */
export const LIFT_MORE_ACTION = onRecord('partner_lift_more')

/** The action ids of a group, for the catch-all to know which are handled. */
export const actionIds = (group: Record<string, { id: string }>) => Object.values(group).map((a) => a.id)

/** The partner card's Codes section: add a code to an enrolment; suspend or reinstate one code (by its id). */
export const CODE_ACTIONS = {
  add: onEnrolment('code_add'),
  suspend: onRecord('code_suspend'),
  reinstate: onRecord('code_reinstate'),
}

const HOME_QUEUES = [
  'applications',
  'held_commissions',
  'review_flags',
  'payouts',
  'payment_details',
  'terms_objections',
  'referee_bonuses',
] as const
const homeItemValue = enrolmentValue.extend({ queue: z.enum(HOME_QUEUES), id: uuid })
export type HomeItemRef = z.output<typeof homeItemValue>

/** A queue item on the App Home: `<queue>:<item id>:<partnerId>:<programKey>`. */
const onHomeItem = (id: string): SlackAction<HomeItemRef> => ({
  id,
  encode: (i) => `${i.queue}:${i.id}:${i.partnerId}:${i.programKey}`,
  parse(value) {
    const [queue, itemId, partnerId, programKey, ...rest] = (value ?? '').split(':')
    return rest.length ? undefined : homeItemValue.safeParse({ queue, id: itemId, partnerId, programKey }).data
  },
})

/**
 * The App Home dashboard's buttons: open a queue item's own card (an application, a payout, payment details, a
 * customer bonus; the partner card for held commissions, flags and objections, which are decided there) as a
 * direct message to the viewer, and refresh the dashboard. `openPartner` is the partner card of a partner named on
 * another card.
 */
export const HOME_ACTIONS = {
  open: onHomeItem('home_open_item'),
  /** A partner named on a card (a dispute, an objection): their card, for whoever may view partners. */
  openPartner: onEnrolment('home_open_partner'),
  refresh: {
    id: 'home_refresh',
    encode: (_: boolean) => 'refresh',
    parse: (v) => (v === 'refresh' ? true : undefined),
  },
} satisfies Record<string, SlackAction<unknown>>
