import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { KnownBlock, ModalView } from '@slack/types'
import { z } from 'zod'
import {
  ADJUSTMENT_NOTE_MAX,
  ADJUSTMENT_REASON_CODES,
  adjustableStatus,
  isAdjustmentReason,
} from '../../../core/domain/adjustments.ts'
import { isDomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import { amountText, readAmount } from '../../i18n/format.ts'
import type { Language, Translate } from '../../i18n/index.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import type { SlackAction } from '../actions.ts'
import { partnerWho } from '../desk/partner-ref.ts'
import { deskErrorText } from '../errors.ts'
import { modal, plain } from '../views.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import { reasonSelect } from './finance-modals.ts'
import type { ListenerDeps } from './index.ts'
import { whoOf } from './partners-view.ts'

/** The partner card's "Bonus or penalty" button: its value is the partner's id. */
export const ADJUST_ACTION: SlackAction<string> = {
  id: 'partner_adjust',
  encode: (partnerId) => partnerId,
  parse: (value) => z.uuid().safeParse(value).data,
}
export const ADJUST_VIEW = 'partner_adjust_modal'

/** The programs where the partner has or had an agreement: an applicant's (waiting or declined) is none. */
const adjustable = (p: PartnerProfile) => (p.erased ? [] : p.enrolments.filter((e) => adjustableStatus(e.status)))

/** The card's button, for those who may adjust a partner's balance (finance, admins) and only if it has a program. */
export function adjustBlocks(t: Translate, p: PartnerProfile, allowed: boolean): KnownBlock[] {
  if (!allowed || !adjustable(p).length) return []
  return [
    {
      type: 'actions',
      block_id: 'partner:adjust',
      elements: [
        {
          type: 'button',
          action_id: ADJUST_ACTION.id,
          text: plain(t('adjustments.desk.button')),
          value: ADJUST_ACTION.encode(p.id),
        },
      ],
    },
  ]
}

const select = (blockId: string, label: string, options: { value: string; text: string }[]) => ({
  type: 'input' as const,
  block_id: blockId,
  label: plain(label, 2000),
  element: {
    type: 'static_select' as const,
    action_id: blockId,
    options: options.map((o) => ({ value: o.value, text: plain(o.text) })),
    ...(options.length === 1 ? { initial_option: { value: options[0]!.value, text: plain(options[0]!.text) } } : {}),
  },
})

/**
 * The modal: program, currency, amount (signed), reason and a note. Its metadata carries a key made when it was
 * opened: submitting the same modal twice is one adjustment.
 */
export function adjustModal(
  t: Translate,
  language: string,
  a: { p: PartnerProfile; currencies: string[]; channel: string; key: string },
): ModalView {
  const programs = adjustable(a.p).map((e) => ({
    value: e.programKey,
    text: programName(a.p.programNames[e.programKey], language, e.programKey),
  }))
  return modal({
    callbackId: ADJUST_VIEW,
    metadata: { partnerId: a.p.id, key: a.key, channel: a.channel },
    title: t('adjustments.desk.title'),
    submit: t('adjustments.desk.submit'),
    close: t('finance.modal.cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: t('adjustments.desk.intro', { who: whoOf(t, a.p) }) } },
      select('program', t('adjustments.desk.program'), programs),
      select(
        'currency',
        t('adjustments.desk.currency'),
        a.currencies.map((c) => ({ value: c, text: c })),
      ),
      {
        type: 'input',
        block_id: 'amount',
        label: plain(t('adjustments.desk.amount'), 2000),
        hint: plain(t('adjustments.desk.amount_hint'), 2000),
        element: { type: 'plain_text_input', action_id: 'amount', max_length: 20 },
      },
      reasonSelect(t, ADJUSTMENT_REASON_CODES),
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain(t('adjustments.desk.note'), 2000),
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: ADJUSTMENT_NOTE_MAX },
      },
    ],
  })
}

/** Core refusals that belong to one field of the modal: shown there, the modal stays open. */
const FIELD_OF: Record<string, string> = {
  'ledger.currency_not_offered': 'currency',
  'money.invalid_amount': 'amount',
  'money.too_precise': 'amount',
  'adjustment.zero': 'amount',
  'adjustment.too_large': 'amount',
  'adjustment.reason_mismatch': 'reason',
  'adjustment.note_too_long': 'note',
  // a form opened before the application was declined
  'adjustment.no_agreement': 'program',
}

const openAdjust = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(
    deps,
    args,
    ADJUST_ACTION,
    'ledger.adjust',
    async ({ value: partnerId, t, language, channel, triggerId, formKey }) => {
      const p = await deps.core.partners.profile(partnerId)
      if (!adjustable(p).length) return t('unhandled.button')
      const currencies = [
        ...new Set(adjustable(p).flatMap((e) => deps.core.programs.get(e.programKey)?.currencies ?? [])),
      ]
      await args.client.views.open({
        trigger_id: triggerId,
        view: adjustModal(t, language, { p, currencies, channel: channel ?? '', key: await formKey() }),
      })
      return undefined
    },
  )

async function runAdjust(
  deps: ListenerDeps,
  args: SubmitArgs,
  meta: { partnerId: string; key: string },
  t: Translate,
  language: Language,
): Promise<string | { errors: Record<string, string> }> {
  const values = args.view.state.values
  const programKey = values.program?.program?.selected_option?.value ?? ''
  const currency = values.currency?.currency?.selected_option?.value ?? ''
  // as the desk user's language writes numbers (`1 234,50`, `-1,234.50`); what is no number is refused here
  const amount = readAmount(language, values.amount?.amount?.value ?? '')
  const reason = values.reason?.reason?.selected_option?.value ?? ''
  const note = values.note?.note?.value?.trim() || undefined
  if (!UUID.test(meta.partnerId) || !UUID.test(meta.key)) return t('unhandled.button')
  if (!amount) return { errors: { amount: t('adjustments.desk.amount_invalid') } }
  if (!isAdjustmentReason(reason)) return { errors: { reason: t('finance.modal.reason_missing') } }
  try {
    const r = await deps.core.earnings.adjust({
      partnerId: meta.partnerId,
      programKey,
      currency,
      amount,
      reason,
      note,
      idempotencyKey: `slack:${meta.key}`,
      actor: `slack:${args.body.user.id}`,
    })
    // done: the next Adjust opens a new form (a second bonus), not this one again
    await deps.pressKey.release(meta.key)
    const a = r.adjustment
    const shown = {
      amount: amountText(language, a.amount.replace(/^-/, ''), a.currency),
      reason: deskReasonText(t, a.reason),
    }
    if (r.replayed) return t('adjustments.desk.replayed', shown)
    const program = programName(deps.core.programs.get(a.program), language, a.program)
    return t(a.kind === 'bonus' ? 'adjustments.desk.done_bonus' : 'adjustments.desk.done_penalty', {
      ...shown,
      who: await partnerWho(deps.core, t, a.partner),
      program,
    })
  } catch (e) {
    const field = isDomainError(e) ? FIELD_OF[e.code] : undefined
    if (!field) throw e
    return { errors: { [field]: deskErrorText(deps, t, language, e, { view: ADJUST_VIEW }) } }
  }
}

const submitAdjust = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ partnerId: string; key: string; channel: string }>(
    deps,
    args,
    ['partnerId', 'key', 'channel'],
    () => 'ledger.adjust',
    (meta, t, language) => runAdjust(deps, args, meta, t, language),
  )

/** Registers the bonus-or-penalty button and its modal; returns the action ids it handles. */
export function registerAdjustmentDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(ADJUST_ACTION.id, (args) => openAdjust(deps, args))
  app.view<ViewSubmitAction>(ADJUST_VIEW, (args) => submitAdjust(deps, args))
  return [ADJUST_ACTION.id]
}
