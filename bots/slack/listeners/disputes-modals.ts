import type { KnownBlock } from '@slack/types'
import type { WebClient } from '@slack/web-api'
import { DomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { UNSETTLED } from '../../../core/domain/rules.ts'
import { OUTCOME_REASONS } from '../../../core/use-cases/disputes.ts'
import { minorText } from '../../i18n/format.ts'
import { languageName, type Translate } from '../../i18n/index.ts'
import { modal } from '../views.ts'
import { restoreBlocks } from './disputes-restore.ts'
import type { ListenerDeps } from './index.ts'

export const DISPUTE_VIEWS = { reply: 'dispute_reply_modal', resolve: 'dispute_resolve_modal' } as const

/** What a dispute modal is for; `upheld` and `rejected` resolve the dispute. */
export type DisputeModalMode = 'reply' | 'evidence' | 'upheld' | 'rejected'

type DeskView = NonNullable<Awaited<ReturnType<ListenerDeps['core']['disputes']['deskView']>>>

/** A dispute modal's private_metadata, parsed; null when it is not ours. */
export function disputeMetadata(raw: string): { disputeId: string; mode: string } | null {
  try {
    const m = JSON.parse(raw) as { disputeId?: unknown; mode?: unknown }
    if (typeof m.disputeId === 'string' && UUID.test(m.disputeId) && typeof m.mode === 'string')
      return { disputeId: m.disputeId, mode: m.mode }
  } catch {
    // not ours
  }
  return null
}

/** Who reads the modal: the words and the language of the desk user. */
type Reader = { t: Translate; language: string }

/** A disputed item's amount as the desk's language writes it: `2.00 GEL`, `2,00 GEL`. */
export const itemAmount = (language: string, item: { amountMinor?: bigint; currency?: string }) =>
  item.amountMinor !== undefined && item.currency
    ? minorText(language, { minor: item.amountMinor, currency: item.currency })
    : ''

const textInput = (t: Translate, block: string, label: string, opts: { optional?: boolean; max?: number } = {}) => ({
  type: 'input' as const,
  block_id: block,
  optional: opts.optional ?? false,
  label: { type: 'plain_text' as const, text: label },
  element: {
    type: 'plain_text_input' as const,
    action_id: 'text',
    multiline: true,
    max_length: opts.max ?? 3000,
    placeholder: { type: 'plain_text' as const, text: t('desk.modal.placeholder') },
  },
})

/** The reasons of the outcome being given: upholding and rejecting have their own lists. */
const reasonSelect = (t: Translate, mode: DisputeModalMode) => ({
  type: 'input' as const,
  block_id: 'reason',
  label: { type: 'plain_text' as const, text: t('desk.modal.reason_label') },
  element: {
    type: 'static_select' as const,
    action_id: 'reason',
    options: OUTCOME_REASONS[mode === 'upheld' ? 'upheld' : 'rejected'].map((r) => ({
      value: r,
      text: { type: 'plain_text' as const, text: t(`disputes.reason.${r}`).slice(0, 75) },
    })),
  },
})

/** Upholding a dispute about a commission held for review can release it at once: the checkbox that does. */
function releaseBlocks(
  { t, language }: Reader,
  mode: DisputeModalMode,
  item: DeskView['context']['item'],
): KnownBlock[] {
  if (mode !== 'upheld' || item?.subject !== 'commission' || item.status !== 'held') return []
  // revenue waiting for its bets is no review's to release: its settlement decides it
  if (item.reason === UNSETTLED) return []
  return [
    {
      type: 'input',
      block_id: 'release',
      optional: true,
      label: { type: 'plain_text', text: t('desk.modal.release_label') },
      element: {
        type: 'checkboxes',
        action_id: 'release',
        options: [
          {
            value: 'approve',
            text: {
              type: 'plain_text',
              text: t('desk.modal.release', { amount: itemAmount(language, item) }).slice(0, 75),
            },
          },
        ],
      },
    },
  ]
}

/** Resolving: the reason the partner reads, a note, the release of a held commission, and whether it is final. */
function resolveBlocks(r: Reader, d: DeskView, mode: DisputeModalMode, hint: KnownBlock): KnownBlock[] {
  const { t } = r
  return [
    reasonSelect(t, mode),
    textInput(t, 'note', t('desk.modal.note_label'), { optional: true, max: 1500 }),
    ...releaseBlocks(r, mode, d.context.item),
    ...restoreBlocks(r, mode, d.context.item),
    hint,
    ...(d.program?.disputes.finalAfterReview
      ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: t('desk.dispute.final') }] }]
      : []),
  ]
}

/** Opens the modal of a dispute card's button: a message to the partner (reply, evidence) or the resolution. */
export async function openDisputeModal(
  deps: ListenerDeps,
  client: WebClient,
  r: Reader,
  triggerId: string,
  disputeId: string,
  mode: DisputeModalMode,
) {
  const d = await deps.core.disputes.deskView(disputeId)
  if (!d) throw new DomainError('dispute.not_found', { id: disputeId })
  const { t } = r
  const language = languageName(d.context.partner.language)
  const hint: KnownBlock = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: t('desk.modal.partner_reads', { language }) }],
  }
  const writes = mode === 'reply' || mode === 'evidence'
  const blocks =
    mode === 'reply' || mode === 'evidence'
      ? [textInput(t, 'message', t(`desk.modal.${mode}_label`)), hint]
      : resolveBlocks(r, d, mode, hint)
  await client.views.open({
    trigger_id: triggerId,
    view: modal({
      callbackId: writes ? DISPUTE_VIEWS.reply : DISPUTE_VIEWS.resolve,
      metadata: { disputeId, mode },
      title: t(`desk.modal.${mode}_title`, { number: d.dispute.number }),
      submit: t(writes ? 'desk.modal.send' : 'desk.modal.confirm'),
      close: t('desk.modal.cancel'),
      blocks,
    }),
  })
}
