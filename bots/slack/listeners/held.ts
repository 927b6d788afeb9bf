import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { KnownBlock, ModalView } from '@slack/types'
import { isDomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { isReviewReason, REVIEW_NOTE_MAX, REVIEW_REASONS } from '../../../core/domain/review-reasons.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import { amountText, minorText } from '../../i18n/format.ts'
import type { Language, Translate } from '../../i18n/index.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import type { SlackAction } from '../actions.ts'
import { formatDate, mrkdwnEscape } from '../desk/finance-cards.ts'
import { deskErrorText } from '../errors.ts'
import { modal, plain } from '../views.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import { reasonSelect } from './finance-modals.ts'
import type { ListenerDeps } from './index.ts'
import { whoOf } from './partners-view.ts'

/** The decisions the partner card offers on a held commission. */
export const HELD_DECISIONS = ['approve', 'void', 'substandard'] as const
export type HeldDecision = (typeof HELD_DECISIONS)[number]
const isDecision = (a: string): a is HeldDecision => (HELD_DECISIONS as readonly string[]).includes(a)

/** A "Held for review" button: which decision, on which commission, of which partner. */
export const HELD_ACTION: SlackAction<{ action: HeldDecision; commissionId: string; partnerId: string }> = {
  id: 'held_decide',
  encode: (v) => `${v.action}:${v.commissionId}:${v.partnerId}`,
  parse: (value) => {
    const [action, commissionId, partnerId] = (value ?? '').split(':')
    if (!action || !isDecision(action) || !UUID.test(commissionId ?? '') || !UUID.test(partnerId ?? ''))
      return undefined
    return { action, commissionId: commissionId!, partnerId: partnerId! }
  },
}
export const HELD_VIEW = 'held_decide_modal'

/** A customer as the program names them, masked: the first two and the last two characters. */
export function maskCustomer(id: string | undefined): string | undefined {
  if (!id) return undefined
  return id.length <= 4 ? '•'.repeat(id.length) : `${id.slice(0, 2)}•••${id.slice(-2)}`
}

type Held = PartnerProfile['held'][number]
const amountOf = (language: string, c: Held) => minorText(language, { minor: c.amountMinor, currency: c.currency })

/**
 * The partner card's "Held for review" section: each held commission (amount, program, customer masked, why it is
 * held, when it happened), with Release / Void / Substandard for those who may decide (support, admins).
 */
export function heldBlocks(
  t: Translate,
  language: string,
  p: PartnerProfile,
  a: { allowed: boolean; timeZone: (programKey: string) => string },
): KnownBlock[] {
  if (!p.held.length) return []
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: t('held.desk.title') } },
  ]
  for (const c of p.held) {
    const line = t('held.desk.line', {
      amount: amountOf(language, c),
      program: mrkdwnEscape(programName(p.programNames[c.programKey], language, c.programKey)),
      customer: mrkdwnEscape(maskCustomer(c.customer) ?? t('held.desk.no_customer')),
      reason: deskReasonText(t, c.reason ?? 'review'),
      date: formatDate(c.occurredAt, language, a.timeZone(c.programKey)),
    })
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line } })
    if (a.allowed && !p.erased)
      blocks.push({
        type: 'actions',
        block_id: `held:${c.id}`,
        elements: HELD_DECISIONS.map((action) => ({
          type: 'button' as const,
          action_id: `${HELD_ACTION.id}:${action}`,
          text: plain(t(`held.desk.button.${action}`)),
          value: HELD_ACTION.encode({ action, commissionId: c.id, partnerId: p.id }),
          ...(action === 'approve' ? { style: 'primary' as const } : {}),
        })),
      })
  }
  return blocks
}

/** The decision's modal: what it does to the money, a reason from the action's list and a note for the audit log. */
export function heldModal(
  t: Translate,
  language: string,
  a: { action: HeldDecision; c: Held; p: PartnerProfile; penalty: boolean; channel: string },
): ModalView {
  const effect = a.action === 'substandard' && a.penalty ? 'substandard_penalty' : a.action
  return modal({
    callbackId: HELD_VIEW,
    metadata: { commissionId: a.c.id, action: a.action, programKey: a.c.programKey, channel: a.channel },
    title: t(`held.desk.modal.title.${a.action}`),
    submit: t(`held.desk.modal.submit.${a.action}`),
    close: t('finance.modal.cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: t(`held.desk.modal.effect.${effect}`, {
            amount: amountOf(language, a.c),
            program: mrkdwnEscape(programName(a.p.programNames[a.c.programKey], language, a.c.programKey)),
            who: whoOf(t, a.p),
          }),
        },
      },
      reasonSelect(t, REVIEW_REASONS[a.action]),
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain(t('held.desk.modal.note'), 2000),
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: REVIEW_NOTE_MAX },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: t('held.desk.modal.told') }] },
    ],
  })
}

const openHeld = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, HELD_ACTION, 'commissions.review', async ({ value, t, language, channel, triggerId }) => {
    const p = await deps.core.partners.profile(value.partnerId)
    const c = p.held.find((h) => h.id === value.commissionId)
    // decided since the card was shown (another click, another agent): nothing to open
    if (!c) return t('held.desk.already')
    const penalty = Boolean(deps.core.programs.get(c.programKey)?.quality.substandardPenalty)
    await args.client.views.open({
      trigger_id: triggerId,
      view: heldModal(t, language, { action: value.action, c, p, penalty, channel: channel ?? '' }),
    })
    return undefined
  })

/** Refusals that mean the commission was decided already (a double submit, another agent first). */
const DECIDED = new Set(['commission.not_held', 'commission.closed', 'commission.already_held'])
/** Decisions a commission of its kind does not take: said in the modal, nothing changes. */
const REFUSED = new Set(['commission.awaiting_settlement', 'commission.tier_top_up'])

async function runHeld(
  deps: ListenerDeps,
  args: SubmitArgs,
  meta: { commissionId: string; action: string; programKey: string },
  t: Translate,
  language: Language,
): Promise<string | { errors: Record<string, string> }> {
  const values = args.view.state.values
  const reason = values.reason?.reason?.selected_option?.value ?? ''
  const note = values.note?.note?.value?.trim() || undefined
  if (!UUID.test(meta.commissionId) || !isDecision(meta.action)) return t('unhandled.button')
  if (!isReviewReason(meta.action, reason)) return { errors: { reason: t('finance.modal.reason_missing') } }
  try {
    const r = await deps.core.earnings.decideCommission({
      commissionId: meta.commissionId,
      action: meta.action,
      reason,
      note,
      actor: `slack:${args.body.user.id}`,
    })
    const program = deps.core.programs.get(meta.programKey)
    const done = t(`held.desk.done.${meta.action}`, {
      amount: amountText(language, r.commission.amount, r.commission.currency),
      program: programName(program, language, meta.programKey),
      reason: deskReasonText(t, reason),
      effect: amountText(language, r.effect, r.commission.currency),
    })
    // a revenue share of a month lifted to a volume tier: its top-up follows the decision (month-tiers.ts)
    if (!r.tierTopUp) return done
    return `${done} ${t('held.desk.done.tier_top_up', { amount: amountText(language, r.tierTopUp, r.commission.currency) })}`
  } catch (e) {
    if (isDomainError(e) && DECIDED.has(e.code)) return { errors: { reason: t('held.desk.already') } }
    if (isDomainError(e) && (e.code.startsWith('review.') || REFUSED.has(e.code)))
      return { errors: { reason: deskErrorText(deps, t, language, e, { view: HELD_VIEW }) } }
    throw e
  }
}

const submitHeld = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ commissionId: string; action: string; programKey: string; channel: string }>(
    deps,
    args,
    ['commissionId', 'action', 'programKey', 'channel'],
    () => 'commissions.review',
    (meta, t, language) => runHeld(deps, args, meta, t, language),
  )

/** Registers the "Held for review" buttons and their modal; returns the action ids it handles. */
export function registerHeldDesk(app: App, deps: ListenerDeps): string[] {
  const ids = HELD_DECISIONS.map((a) => `${HELD_ACTION.id}:${a}`)
  for (const id of ids) app.action<BlockAction<ButtonAction>>(id, (args) => openHeld(deps, args))
  app.view<ViewSubmitAction>(HELD_VIEW, (args) => submitHeld(deps, args))
  return ids
}
