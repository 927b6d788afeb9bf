import type { KnownBlock, ModalView } from '@slack/types'
import { SANCTION_REASONS } from '../../../core/domain/reason-codes.ts'
import { SANCTION_KINDS_WITH_END, type SanctionKind } from '../../../core/use-cases/sanctions.ts'
import type { Translate } from '../../i18n/index.ts'
import { sanctionKindKey } from '../../shared/reasons.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import { modal, plain } from '../views.ts'
import { reasonSelect } from './finance-modals.ts'
import { LIFT_VIEW, PARTNER_VIEW } from './partners-view.ts'

/** The partner card's modals: a sanction's confirmation and a sanction's lifting. */

const clip = (s: string, n = 2900) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
/** The sanction form's end day (a datepicker, action `date`). */
export const SANCTION_END_BLOCK = 'ends'

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text) } })

/**
 * The confirmation of a sanction: what it does, the reason the partner will read, an optional note to them and, for a
 * code suspension or a block, an optional day it ends on (lifted by itself then).
 */
export function sanctionModal(
  t: Translate,
  a: {
    partnerId: string
    programKey: string
    programName: string
    who: string
    kind: SanctionKind
    channel: string
    /** The form's key (finance-kit formKey): both forms of a double click carry the same one. */
    key: string
    /** The program pays one-time rewards (worksection-referral): a disqualification annuls rewards, not commission. */
    paysRewards?: boolean
  },
): ModalView {
  return modal({
    callbackId: PARTNER_VIEW,
    metadata: {
      partnerId: a.partnerId,
      programKey: a.programKey,
      kind: a.kind,
      channel: a.channel,
      key: a.key,
    },
    title: t(`partner_desk.modal.title.${a.kind}`),
    submit: t(`partner_desk.modal.submit.${a.kind}`),
    close: t('finance.modal.cancel'),
    blocks: [
      section(
        t(`partner_desk.modal.effect.${sanctionKindKey(a.kind, a.paysRewards)}`, {
          who: a.who,
          program: mrkdwnEscape(a.programName),
        }),
      ),
      reasonSelect(t, SANCTION_REASONS),
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain(t('partner_desk.modal.note_label'), 2000),
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 1000 },
      },
      ...(SANCTION_KINDS_WITH_END.includes(a.kind)
        ? [
            {
              type: 'input',
              block_id: SANCTION_END_BLOCK,
              optional: true,
              label: plain(t('partner_desk.modal.until_label'), 2000),
              hint: plain(t('partner_desk.modal.until_hint'), 2000),
              element: { type: 'datepicker', action_id: 'date' },
            } satisfies KnownBlock,
          ]
        : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: t('partner_desk.modal.told') }] },
    ],
  })
}

/** Lifting a sanction: what it undoes, and why (for the audit log; the partner is told it was lifted). */
export function liftModal(
  t: Translate,
  a: {
    sanctionId: string
    kind: string
    programName: string
    who: string
    channel: string
    /** The sanction with its end, as the card's lift button names it (inForceName): only when it has an end. */
    inForce?: string
  },
): ModalView {
  return modal({
    callbackId: LIFT_VIEW,
    metadata: { sanctionId: a.sanctionId, channel: a.channel },
    title: t('partner_desk.modal.lift_title'),
    submit: t('partner_desk.modal.lift_submit'),
    close: t('finance.modal.cancel'),
    blocks: [
      section(
        t('partner_desk.modal.lift_effect', {
          who: a.who,
          kind: t(`partner_desk.kind.${a.kind}` as 'partner_desk.kind.warning'),
          program: mrkdwnEscape(a.programName),
        }),
      ),
      ...(a.inForce ? [section(t('partner_desk.modal.lift_in_force', { sanction: a.inForce }))] : []),
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t('partner_desk.modal.lift_reason'), 2000),
        element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
      },
    ],
  })
}
