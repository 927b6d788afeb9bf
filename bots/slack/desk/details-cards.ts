import type { KnownBlock } from '@slack/types'
import { programName } from '../../../core/programs/names.ts'
import type { DetailsDecision, DetailsDeskView } from '../../../core/use-cases/details-agreement.ts'
import type { Translate } from '../../i18n/index.ts'
import { DETAILS_ACTIONS } from '../actions.ts'
import { mrkdwnEscape, userOf } from './finance-cards.ts'
import { openPartnerButton } from './partner-ref.ts'

/** What finance decided on the card, shown in place of its buttons. */
export interface DetailsOutcome {
  decision: DetailsDecision
  actor: string
  reason?: string
}

/**
 * A partner's payment details for a program that pays only to agreed ones: the masked details (never the full
 * ones), and Agree / Ask for changes until finance decides; then who decided and why.
 */
export function detailsCard(
  t: Translate,
  language: string,
  v: DetailsDeskView,
  /** The partner as partnerLabel names them, already escaped for mrkdwn. */
  partner: string,
  outcome?: DetailsOutcome,
): { text: string; blocks: KnownBlock[] } {
  const title = t('details.card.title', { program: programName(v.programNames, language) })
  const body = t('details.card.body', {
    partner,
    method: t(`finance.method.${v.details.method}` as 'finance.method.bank'),
    mask: mrkdwnEscape(v.details.mask),
  })
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: body } },
  ]
  if (outcome) {
    const who = userOf(outcome.actor)
    const reason = outcome.reason ? t(`details.reason.${outcome.reason}` as 'details.reason.other') : ''
    const text =
      outcome.decision === 'agree'
        ? t('details.card.agreed', { who })
        : t('details.card.changes_requested', { who, reason })
    blocks.push(
      { type: 'context', elements: [{ type: 'mrkdwn', text }] },
      // decided, the partner is still one press away
      { type: 'actions', elements: [openPartnerButton(t, v.partnerId, v.programKey)] },
    )
    return { text: `${title}: ${text}`, blocks }
  }
  const ref = { partnerId: v.partnerId, programKey: v.programKey, detailsId: v.details.id }
  blocks.push(
    { type: 'context', elements: [{ type: 'mrkdwn', text: t('details.card.pending') }] },
    {
      type: 'actions',
      block_id: `details:${v.details.id}`,
      elements: [
        {
          type: 'button',
          action_id: DETAILS_ACTIONS.agree.id,
          value: DETAILS_ACTIONS.agree.encode(ref),
          style: 'primary',
          text: { type: 'plain_text', text: t('details.button.agree') },
        },
        {
          type: 'button',
          action_id: DETAILS_ACTIONS.askChanges.id,
          value: DETAILS_ACTIONS.askChanges.encode(ref),
          text: { type: 'plain_text', text: t('details.button.ask_changes') },
        },
        {
          type: 'button',
          action_id: DETAILS_ACTIONS.reveal.id,
          value: DETAILS_ACTIONS.reveal.encode(ref),
          text: { type: 'plain_text', text: t('details.button.reveal') },
        },
        openPartnerButton(t, v.partnerId, v.programKey),
      ],
    },
  )
  return { text: `${title}: ${v.details.mask}`, blocks }
}
