import type { ModalView } from '@slack/types'
import { PAYOUT_NOTE_MAX } from '../../../core/domain/payouts.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PayoutDeskView } from '../../../core/use-cases/partner-lookup.ts'
import type { BatchSummary } from '../../../core/use-cases/payout-batch-views.ts'
import { amountText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import { amountOf, HOLD_REASONS, partnerLine, REJECT_REASONS } from '../desk/finance-cards.ts'
import { modal, plain } from '../views.ts'

export const FINANCE_VIEWS = {
  decision: 'payout_decision_modal',
  paid: 'payout_paid_modal',
  batchPaid: 'batch_paid_modal',
} as const

/** The reason a partner will read, as a required select of the codes they have words for. */
export const reasonSelect = (t: Translate, reasons: readonly string[]) => ({
  type: 'input' as const,
  block_id: 'reason',
  label: plain(t('finance.modal.reason_label'), 2000),
  element: {
    type: 'static_select' as const,
    action_id: 'reason',
    options: reasons.map((r) => ({ value: r, text: plain(deskReasonText(t, r)) })),
  },
})

const summary = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } })

const referenceInput = (t: Translate) => ({
  type: 'input' as const,
  block_id: 'reference',
  label: plain(t('finance.modal.reference_label'), 2000),
  hint: plain(t('finance.modal.reference_hint'), 2000),
  element: { type: 'plain_text_input' as const, action_id: 'reference', max_length: 128 },
})

/**
 * Finance's words to the partner, shown under the reason as written: optional, except with the reason "other"
 * (core refuses it without them; the error is shown on this field).
 */
const noteInput = (t: Translate, reasons: readonly string[]) => ({
  type: 'input' as const,
  block_id: 'note',
  optional: true,
  label: plain(t('finance.modal.note_label'), 2000),
  hint: plain(
    reasons.includes('other')
      ? t('finance.modal.note_hint_reject', { other: deskReasonText(t, 'other') })
      : t('finance.modal.note_hint_hold'),
    2000,
  ),
  element: { type: 'plain_text_input' as const, action_id: 'note', multiline: true, max_length: PAYOUT_NOTE_MAX },
})

/** Hold or reject: the reason the partner will read, picked from the codes they have words for, and a note. */
export function decisionModal(
  t: Translate,
  language: string,
  v: PayoutDeskView,
  action: 'hold' | 'reject',
  channel: string,
): ModalView {
  const reasons = action === 'hold' ? HOLD_REASONS : REJECT_REASONS
  return modal({
    callbackId: FINANCE_VIEWS.decision,
    // the status it was opened on: a payout decided meanwhile by someone else is not decided again (core refuses)
    metadata: { payoutId: v.payout.id, action, channel, status: v.payout.status },
    title: t(`finance.modal.${action}_title`),
    submit: t(`finance.button.${action}`),
    close: t('finance.modal.cancel'),
    blocks: [
      summary(
        t('finance.modal.summary', {
          amount: amountOf(language, v.payout),
          who: partnerLine(t, v.partner),
          program: programName(v.programNames, language),
        }),
      ),
      reasonSelect(t, reasons),
      noteInput(t, reasons),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: t(`finance.modal.${action}_effect`) }],
      },
    ],
  })
}

/** Mark one approved payout paid, with the transfer's reference. */
export function paidModal(t: Translate, language: string, v: PayoutDeskView, channel: string): ModalView {
  return modal({
    callbackId: FINANCE_VIEWS.paid,
    metadata: { payoutId: v.payout.id, channel },
    title: t('finance.modal.paid_title'),
    submit: t('finance.button.paid'),
    close: t('finance.modal.cancel'),
    blocks: [
      summary(
        t('finance.modal.paid_summary', {
          net: amountText(language, v.payout.credit ?? v.payout.net, v.payout.currency),
          who: partnerLine(t, v.partner),
          program: programName(v.programNames, language),
          details: v.payout.details ?? '—',
        }),
      ),
      referenceInput(t),
    ],
  })
}

/** Mark a whole batch paid: every approved payout in it becomes paid with the reference. */
export function batchPaidModal(
  t: Translate,
  language: string,
  b: BatchSummary,
  programName: string,
  channel: string,
): ModalView {
  const totals = b.totals.map((x) => amountText(language, x.net, x.currency)).join(' + ') || '0'
  return modal({
    callbackId: FINANCE_VIEWS.batchPaid,
    metadata: { batchId: b.id, channel },
    title: t('finance.modal.batch_paid_title'),
    submit: t('finance.button.batch_paid'),
    close: t('finance.modal.cancel'),
    blocks: [
      summary(
        t('finance.modal.batch_summary', {
          program: programName,
          count: b.totals.reduce((n, x) => n + x.count, 0),
          net: totals,
        }),
      ),
      referenceInput(t),
    ],
  })
}
