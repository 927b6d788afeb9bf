import type { KnownBlock } from '@slack/types'
import type { BatchDeskView, PayoutDeskView } from '../../../core/use-cases/partner-lookup.ts'
import { amountText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskDate } from '../../shared/dates.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import { FINANCE_ACTIONS, type SlackAction } from '../actions.ts'
import { openPartnerButton } from './partner-ref.ts'
import { batchFileButtons, revealButton } from './payops.ts'

/** Reason codes finance picks from (the partner reads them in their language: `reasons.*`). */
export {
  PAYOUT_HOLD_REASONS as HOLD_REASONS,
  PAYOUT_REJECT_REASONS as REJECT_REASONS,
} from '../../../core/domain/reason-codes.ts'

import { programName } from '../../../core/programs/names.ts'

type Payout = PayoutDeskView['payout']

export const mrkdwnEscape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
export const userOf = (actor: string | null | undefined) =>
  actor?.startsWith('slack:') ? `<@${actor.slice(6)}>` : mrkdwnEscape(actor ?? '—')

/** A desk date with its zone (bots/shared/dates.ts): `March 25, 2026 (Asia/Tbilisi)`, with the time when asked. */
export const formatDate = (iso: string | Date, language: string, timeZone: string, withTime = false) =>
  deskDate(iso, language, timeZone, { time: withTime })

/** A payout's gross amount as the reader's language writes it. */
export const amountOf = (language: string, p: Pick<Payout, 'gross' | 'currency'>) =>
  amountText(language, p.gross, p.currency)

/** The partner in one line: name and @username (escaped), or that the data was erased. */
export function partnerLine(t: Translate, p: PayoutDeskView['partner']): string {
  if (p.erased) return t('finance.card.erased')
  const parts = [p.name ? mrkdwnEscape(p.name) : t('finance.card.unnamed')]
  if (p.telegramUsername) parts.push(`@${mrkdwnEscape(p.telegramUsername)}`)
  return parts.join(' ')
}

const button = <V>(action: SlackAction<V>, text: string, value: V, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: action.id,
  text: { type: 'plain_text' as const, text: clip(text, 75) },
  value: action.encode(value),
  ...(style ? { style } : {}),
})

/** What approving gives: the net transferred, or what a redeem (licences, service credit) credits: its net is 0. */
function confirmText(t: Translate, language: string, v: PayoutDeskView) {
  const p = v.payout
  const said = {
    amount: amountOf(language, p),
    who: partnerLine(t, v.partner),
    program: programName(v.programNames, language),
  }
  if (p.credit === null) return t('finance.confirm.text', { ...said, net: amountText(language, p.net, p.currency) })
  const credit = amountText(language, p.credit, p.currency)
  return t(p.method === 'licences' ? 'finance.confirm.text_licences' : 'finance.confirm.text_service_credit', {
    ...said,
    credit,
  })
}

/** The buttons of the decisions core offers on the payout (none once it is final, or paid with its batch). */
function payoutButtons(t: Translate, language: string, v: PayoutDeskView) {
  const id = v.payout.id
  const seen = { payoutId: id, seenStatus: v.payout.status }
  const approve = {
    type: 'button' as const,
    action_id: FINANCE_ACTIONS.approve.id,
    text: { type: 'plain_text' as const, text: clip(t('finance.button.approve'), 75) },
    // the status this card shows: a click after another agent's decision is refused, not applied over it
    value: FINANCE_ACTIONS.approve.encode(seen),
    style: 'primary' as const,
    confirm: {
      title: { type: 'plain_text' as const, text: clip(t('finance.confirm.title'), 100) },
      text: {
        type: 'mrkdwn' as const,
        text: confirmText(t, language, v),
      },
      confirm: { type: 'plain_text' as const, text: t('finance.button.approve') },
      deny: { type: 'plain_text' as const, text: t('finance.confirm.back') },
    },
  }
  const buttons = {
    approve,
    pay: button(FINANCE_ACTIONS.paid, t('finance.button.paid'), id, 'primary'),
    // as Approve: the status shown, so a press after a colleague's decision opens no form over it
    hold: button(FINANCE_ACTIONS.hold, t('finance.button.hold'), seen),
    reject: button(FINANCE_ACTIONS.reject, t('finance.button.reject'), seen, 'danger'),
    cancel: undefined,
  }
  return v.actions.flatMap((a) => buttons[a] ?? [])
}

/** One line of a payout's figures: gross, fee, tax withheld, net (or the credit of a redeem). */
function figures(t: Translate, language: string, p: Payout) {
  const m = (v: string) => amountText(language, v, p.currency)
  if (p.credit) return t('finance.card.credit', { gross: m(p.gross), credit: m(p.credit) })
  return t('finance.card.figures', { gross: m(p.gross), fee: m(p.fee), tax: m(p.taxWithheld), net: m(p.net) })
}

/** What happened to the payout, with finance's note to the partner (as written) under a hold or rejection. */
function outcome(t: Translate, v: PayoutDeskView, language: string): string | undefined {
  const said = decision(t, v, language)
  const note = v.payout.note
  if (!said || !note || !['rejected', 'needs_review'].includes(v.payout.status)) return said
  return `${said}\n${t('finance.card.outcome.note', { note: mrkdwnEscape(note) })}`
}

/** What happened to the payout, for a card that no longer asks for a decision (or a review reason). */
function decision(t: Translate, v: PayoutDeskView, language: string): string | undefined {
  const p = v.payout
  const who = userOf(v.decidedBy)
  const reason = p.reason ? deskReasonText(t, p.reason) : ''
  switch (p.status) {
    case 'paid':
      return t('finance.card.outcome.paid', {
        who,
        reference: mrkdwnEscape(p.paymentRef ?? ''),
        date: p.paidAt ? formatDate(p.paidAt, language, v.timeZone) : '',
      })
    case 'rejected':
      // a disqualification annuls what was asked for: it does not go back to the balance
      if (p.reason === 'disqualified') return t('finance.card.outcome.rejected_annulled')
      return t('finance.card.outcome.rejected', { who, reason })
    case 'needs_review':
      return t('finance.card.outcome.needs_review', { who, reason })
    case 'approved':
      return p.batch ? t('finance.card.outcome.batched') : t('finance.card.outcome.approved', { who })
    case 'cancelled':
      return t('finance.card.outcome.cancelled')
    default:
      return undefined
  }
}

/** A payout's card in the finance channel: who, how much, how, when due, its state and the buttons it allows. */
export function payoutCard(t: Translate, language: string, v: PayoutDeskView): { text: string; blocks: KnownBlock[] } {
  const p = v.payout
  const title = t(p.status === 'needs_review' ? 'finance.card.title_review' : 'finance.card.title', {
    amount: amountOf(language, p),
    program: programName(v.programNames, language),
  })
  const fields = [
    t('finance.card.partner', { who: partnerLine(t, v.partner) }),
    t('finance.card.standing', {
      status: t(`partner_desk.status.${v.enrolmentStatus}` as 'partner_desk.status.active'),
    }),
    t('finance.card.method', {
      method: t(`finance.method.${p.method}`),
      details: p.details ? mrkdwnEscape(p.details) : '—',
    }),
    t('finance.card.due', { date: p.expectedAt ? formatDate(p.expectedAt, language, v.timeZone) : '—' }),
    t('finance.card.status', { status: t(`finance.status.${p.status}`) }),
    t('finance.card.requested', { date: formatDate(p.createdAt, language, v.timeZone, true) }),
  ]
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text })) },
    { type: 'section', text: { type: 'mrkdwn', text: figures(t, language, p) } },
  ]
  const done = outcome(t, v, language)
  if (done) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: done }] })
  // finance's "Reveal details" (audited) while a payout to details is still to be paid; a final card has no buttons
  const open = p.details && ['requested', 'approved', 'needs_review'].includes(p.status)
  // the partner by name above, their card a button away (never their id)
  const buttons = [
    ...payoutButtons(t, language, v),
    ...(open ? [revealButton(t, p.id)] : []),
    openPartnerButton(t, v.partner.id, p.program),
  ]
  blocks.push({ type: 'actions', block_id: `payout:${p.id}`, elements: buttons })
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('finance.card.id', { id: p.id }) }] })
  // the notification's text: the amount (in the title) and the date it is due by
  const due = p.expectedAt ? formatDate(p.expectedAt, language, v.timeZone) : undefined
  return { text: due ? t('finance.card.fallback', { title, date: due }) : title, blocks }
}

/** Up to this many characters of finance's note in a list row (its card shows all of it). */
const ROW_NOTE = 200

/** A held or rejected payout's note in a list row: on one line, clipped (the whole note is on the card). */
function rowNote(t: Translate, p: Payout): string[] {
  if (!p.note || !['rejected', 'needs_review'].includes(p.status)) return []
  // by characters, not UTF-16 units: an emoji is never cut in half
  const chars = [...p.note.replace(/\s+/g, ' ').trim()]
  const note = chars.length > ROW_NOTE ? `${chars.slice(0, ROW_NOTE - 1).join('')}…` : chars.join('')
  return [t('finance.card.outcome.note', { note: mrkdwnEscape(note) })]
}

/** A compact row of `/pa payouts`: the essentials (a hold's reason and note among them) and the buttons. */
export function payoutRow(t: Translate, language: string, v: PayoutDeskView): KnownBlock[] {
  const p = v.payout
  const text = t('finance.list.row', {
    amount: amountOf(language, p),
    program: programName(v.programNames, language),
    who: partnerLine(t, v.partner),
    status: t(`finance.status.${p.status}`),
    date: formatDate(p.createdAt, language, v.timeZone),
  })
  // a reason only when there is one: no «reason: —»
  const row = p.reason
    ? [text, t('finance.list.row_reason', { reason: deskReasonText(t, p.reason) })].join(' · ')
    : text
  const buttons = [...payoutButtons(t, language, v), openPartnerButton(t, v.partner.id, p.program)]
  return [
    { type: 'section', text: { type: 'mrkdwn', text: [row, ...rowNote(t, p)].join('\n') } },
    { type: 'actions' as const, block_id: `payout:${p.id}`, elements: buttons },
  ]
}

type Batch = BatchDeskView['batch']

/** A batch in a few lines: period, pay date, state, totals per currency. */
function batchLines(t: Translate, language: string, b: Batch, timeZone: string): string[] {
  const lastDay = new Date(new Date(b.periodEnd).getTime() - 1)
  const lines = [
    t('finance.batch.period', {
      from: formatDate(b.periodStart, language, timeZone),
      to: formatDate(lastDay, language, timeZone),
      date: formatDate(b.payDate, language, timeZone),
    }),
    t('finance.batch.state', { status: t(`finance.batch.status.${b.status}`), n: b.payouts }),
  ]
  if (!b.totals.length) lines.push(t('finance.batch.empty'))
  for (const x of b.totals)
    lines.push(
      t('finance.batch.total', {
        currency: x.currency,
        count: x.count,
        gross: amountText(language, x.gross, x.currency),
        fee: amountText(language, x.fee, x.currency),
        tax: amountText(language, x.taxWithheld, x.currency),
        net: amountText(language, x.net, x.currency),
      }),
    )
  if (b.status === 'paid')
    lines.push(
      t('finance.batch.paid', {
        date: b.paidAt ? formatDate(b.paidAt, language, timeZone) : '',
        reference: mrkdwnEscape(b.paymentRef ?? ''),
      }),
    )
  return lines
}

const batchButton = (t: Translate, v: BatchDeskView) => [
  ...(v.payable ? [button(FINANCE_ACTIONS.batchPaid, t('finance.button.batch_paid'), v.batch.id, 'primary')] : []),
  // the CSV as a Slack file (masked), and with full details for finance (audited)
  ...batchFileButtons(t, v.batch.id),
]

/** The weekly or monthly batch summary in the finance channel, with "mark paid" while it is unpaid. */
export function batchCard(t: Translate, language: string, v: BatchDeskView): { text: string; blocks: KnownBlock[] } {
  const b = v.batch
  const title = t(v.schedule === 'weekly' ? 'finance.batch.title_weekly' : 'finance.batch.title_monthly', {
    program: programName(v.programNames, language),
  })
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: batchLines(t, language, b, v.timeZone).join('\n') } },
  ]
  const buttons = batchButton(t, v)
  if (buttons.length) blocks.push({ type: 'actions', block_id: `batch:${b.id}`, elements: buttons })
  return { text: title, blocks }
}

/** A batch as a row of `/pa batches`. */
export function batchRow(t: Translate, language: string, v: BatchDeskView): KnownBlock[] {
  const b = v.batch
  const text = [
    `*${mrkdwnEscape(programName(v.programNames, language))}*`,
    ...batchLines(t, language, b, v.timeZone),
  ].join('\n')
  const buttons = batchButton(t, v)
  return [
    { type: 'section', text: { type: 'mrkdwn', text: clip(text, 2900) } },
    ...(buttons.length ? [{ type: 'actions' as const, block_id: `batch:${b.id}`, elements: buttons }] : []),
  ]
}
