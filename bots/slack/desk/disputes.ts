import type { KnownBlock } from '@slack/types'
import { isResolved } from '../../../core/domain/disputes.ts'
import type { Core } from '../../../core/index.ts'
import type { UNDELIVERED } from '../../../core/ports/jobs.ts'
import { programName } from '../../../core/programs/names.ts'
import { resolutionOf } from '../../../core/use-cases/dispute-desk.ts'
import type { DisputeNews } from '../../../core/use-cases/dispute-news.ts'
import { minorText } from '../../i18n/format.ts'
import { languageName, type Translate } from '../../i18n/index.ts'
import { deskDate } from '../../shared/dates.ts'
import type { JobRun } from '../../shared/jobs.ts'
import { deskReasonText, itemDetailText } from '../../shared/reasons.ts'
import { DISPUTE_ACTIONS, type SlackAction } from '../actions.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { eraseCopy, partnerWords, threadText, uploadPartnerFiles } from './dispute-thread.ts'
import { mrkdwnEscape } from './finance-cards.ts'
import { NotYet, postOnce } from './once.ts'
import { openPartnerButton } from './partner-ref.ts'

export type View = NonNullable<Awaited<ReturnType<Core['disputes']['deskView']>>>

/** A moment on the dispute card, with its zone (the program's): "March 13, 2026 at 11:59 PM (Asia/Tbilisi)". */
const date = (at: Date, language: string, timeZone: string) => deskDate(at, language, timeZone, { time: true })
/** Slack section text is limited to 3000 characters. */
const clip = (s: string, n = 2900) => (s.length > n ? `${s.slice(0, n)}…` : s)

/** A disputed item's amount with its currency, or nothing for one without (a sanction). */
const amountOf = (language: string, item: { amountMinor?: bigint; currency?: string }) =>
  item.amountMinor !== undefined && item.currency
    ? minorText(language, { minor: item.amountMinor, currency: item.currency })
    : ''

/** The disputed item in one line: amount, status, reason, hold date. */
function itemLine(t: Translate, v: View, language: string, timeZone: string): string {
  const item = v.context.item
  if (!item) return t('desk.dispute.item.other')
  const amount = amountOf(language, item)
  const parts = [
    t(`desk.dispute.item.${item.subject}`, {
      detail: mrkdwnEscape(itemDetailText(t, language, item.subject, item.detail, v.program)),
      amount,
      status: t(`disputes.item_status.${item.status}` as 'disputes.item_status.pending', { defaultValue: item.status }),
    }),
    item.reason ? t('desk.dispute.item.reason', { reason: deskReasonText(t, item.reason) }) : '',
    'availableAt' in item && item.availableAt && item.status === 'pending'
      ? t('desk.dispute.item.hold_until', { date: date(item.availableAt, language, timeZone) })
      : '',
    'orderRef' in item && item.orderRef ? t('desk.dispute.item.order', { order: mrkdwnEscape(item.orderRef) }) : '',
  ]
  return parts.filter(Boolean).join(' · ')
}

/** Each desk action's button: its Slack action, label and colour. */
const DESK_BUTTONS = {
  claim: { action: DISPUTE_ACTIONS.claim, label: 'desk.dispute.button.claim', style: 'primary' },
  reply: { action: DISPUTE_ACTIONS.reply, label: 'desk.dispute.button.reply', style: undefined },
  ask_evidence: { action: DISPUTE_ACTIONS.evidence, label: 'desk.dispute.button.evidence', style: undefined },
  uphold: { action: DISPUTE_ACTIONS.uphold, label: 'desk.dispute.button.uphold', style: 'primary' },
  reject: { action: DISPUTE_ACTIONS.reject, label: 'desk.dispute.button.reject', style: 'danger' },
  escalate: { action: DISPUTE_ACTIONS.escalate, label: 'desk.dispute.button.escalate', style: undefined },
} as const

/** The dispute's card in the disputes channel: context, status, deadline, and the desk's buttons. */
function disputeCard(t: Translate, language: string, v: View): { text: string; blocks: KnownBlock[] } {
  const d = v.dispute
  const program = v.program
  const tz = program?.timeZone ?? 'UTC'
  const c = v.context
  const who = c.partner.erased
    ? t('finance.card.erased')
    : [c.partner.name, c.partner.telegramUsername && `@${c.partner.telegramUsername}`].filter(Boolean).join(' ')
  const first = v.messages.find((m) => m.author === 'partner')
  const title = t('desk.dispute.title', {
    number: d.number,
    program: programName(program, language, d.programKey),
    subject: t(`desk.dispute.subject.${d.subject}`),
  })
  const fields = [
    t('desk.dispute.field.partner', { who: mrkdwnEscape(who || t('desk.dispute.no_name')) }),
    t('desk.dispute.field.language', { language: languageName(c.partner.language) }),
    t('desk.dispute.field.status', { status: t(`desk.dispute.status.${d.status}`) }),
    t('desk.dispute.field.assignee', { assignee: d.assignee ? `<@${d.assignee.replace(/^slack:/, '')}>` : '—' }),
    t('desk.dispute.field.answer_by', {
      date: date(d.answerBy, language, tz),
      count: program?.disputes.answerBusinessDays ?? 0,
    }),
    c.terms.version
      ? t('desk.dispute.field.terms_version', { version: c.terms.version })
      : t('desk.dispute.field.terms_revision', { revision: c.terms.revision }),
  ]
  const history = t('desk.dispute.history', {
    disputes: c.history.disputes,
    upheld: c.history.upheld,
    rejected: c.history.rejected,
    sanctions: c.history.sanctions,
    status: c.enrolment ? t(`desk.dispute.enrolment.${c.enrolment.status}` as 'desk.dispute.enrolment.active') : '—',
  })
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${t('desk.dispute.item.label')}* ${itemLine(t, v, language, tz)}` },
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: history },
        {
          type: 'mrkdwn',
          text: c.flags.length
            ? t('desk.dispute.flags', {
                flags: c.flags.map((f) => f.replace(/^(\w+)/, (r) => deskReasonText(t, r))).join(', '),
              })
            : t('desk.dispute.no_flags'),
        },
      ],
    },
  ]
  if (first)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`>${mrkdwnEscape(partnerWords(t, v, first)).replaceAll('\n', '\n>')}`),
      },
    })
  if (isResolved(d.status)) {
    const r = resolutionOf(d)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: t('desk.dispute.resolved', {
            outcome: t(`desk.dispute.status.${d.status}`),
            who: d.assignee ? `<@${d.assignee.replace(/^slack:/, '')}>` : '—',
            reason: r ? t(`disputes.reason.${r.reason}` as 'disputes.reason.other') : '',
          }),
        },
      ],
    })
    if (v.final) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('desk.dispute.final') }] })
  } else {
    const button = (action: SlackAction<string>, text: string, style?: 'primary' | 'danger') => ({
      type: 'button' as const,
      action_id: action.id,
      text: { type: 'plain_text' as const, text },
      value: action.encode(d.id),
      ...(style ? { style } : {}),
    })
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('desk.dispute.thread_hint') }] })
    blocks.push({
      type: 'actions',
      block_id: `dispute:${d.id}`,
      elements: [
        ...v.actions.map((a) => {
          const { action, label, style } = DESK_BUTTONS[a]
          return button(action, t(label), style)
        }),
        // the partner is named, not shown by id: their card is a button away
        openPartnerButton(t, c.partner.id, d.programKey),
      ],
    })
  }
  return { text: fallbackText(t, language, v, title), blocks }
}

/** The notification's text: what is disputed (its amount) and the moment the partner must be answered by. */
function fallbackText(t: Translate, language: string, v: View, title: string): string {
  const amount = v.context.item ? amountOf(language, v.context.item) : ''
  const answerBy = date(v.dispute.answerBy, language, v.program?.timeZone ?? 'UTC')
  return amount
    ? t('desk.dispute.fallback', { title, amount, date: answerBy })
    : t('desk.dispute.fallback_no_amount', { title, date: answerBy })
}

export function disputeDeskJobs(deps: DeskDeps) {
  return {
    /** Posts the dispute's card, or updates it to its current state. */
    async dispute_card({ data, steps }: JobRun<{ disputeId: string }>) {
      const channel = deps.desk.channels.disputes
      if (!channel) return 'no_channel'
      const v = await deps.core.disputes.deskView(data.disputeId)
      if (!v) return 'gone'
      const t = deps.i18n.t(deps.desk.language)
      const { text, blocks } = disputeCard(t, deps.desk.language, v)
      const { slackChannel, slackTs } = v.dispute
      // a card this very job posted still needs its files when the job runs again
      if (slackTs && slackChannel && steps.get('card') === undefined) {
        await deps.slack.chat.update({ channel: slackChannel, ts: slackTs, text, blocks })
        return 'updated'
      }
      const posted = await postOnce(steps, deps.slack, 'card', { channel, text, blocks, unfurl_links: false })
      if (!slackTs) await deps.core.disputes.setThread(v.dispute.id, posted.channel, posted.ts)
      // the files of the opening message go into the new thread
      const firstMessage = v.messages[0]
      if (firstMessage) await uploadPartnerFiles(deps, steps, firstMessage, posted.channel, posted.ts)
      return 'posted'
    },
    /** A message of the conversation into the dispute's thread (the partner's, or a reply written in a modal). */
    async dispute_message({ data, steps }: JobRun<{ messageId: string; after?: 'reopened' | 'evidence' }>) {
      const m = await deps.core.disputes.message(data.messageId)
      if (!m) return 'gone'
      const v = await deps.core.disputes.deskView(m.disputeId)
      if (!v) return 'gone'
      const { slackChannel, slackTs } = v.dispute
      // the card is posted first (one desk job at a time); without a thread there is nowhere to mirror to yet
      if (!slackChannel || !slackTs) {
        if (!deps.desk.channels.disputes) return 'no_channel'
        throw new NotYet('dispute card not posted yet')
      }
      const t = deps.i18n.t(deps.desk.language)
      // what the partner's message did, said to the case's agent: a resolved case opened again is said in the channel
      // too (its old card is far up), evidence they asked for in the thread
      const after = m.author === 'partner' ? data.after : undefined
      const posted = await postOnce(steps, deps.slack, 'text', {
        channel: slackChannel,
        thread_ts: slackTs,
        text: after ? `${afterLine(t, deps.desk.language, v, after)}\n${threadText(t, v, m)}` : threadText(t, v, m),
        reply_broadcast: after === 'reopened',
      })
      if (m.author === 'partner') await deps.core.disputes.deskCopied(m.id, { ts: posted.ts })
      await uploadPartnerFiles(deps, steps, m, slackChannel, slackTs)
      // the partner erased their data while this copy was being made: the erasure found no copy to edit yet
      if (m.author === 'partner' && !(await deps.core.partners.contact(v.dispute.partnerId)))
        await eraseCopy(deps, m.id)
      return 'mirrored'
    },
    /** A partner who erased their data: their message copied into the thread edited, its files deleted. */
    async dispute_copy_erased({ data }: JobRun<{ messageId: string }>) {
      return eraseCopy(deps, data.messageId)
    },
    /** Support's words (a reply, a request for evidence, the decision) did not reach the partner: said in the thread. */
    async dispute_undelivered({
      data,
      steps,
    }: JobRun<{ disputeId: string; news: DisputeNews; why: (typeof UNDELIVERED)[number] }>) {
      const v = await deps.core.disputes.deskView(data.disputeId)
      if (!v) return 'gone'
      const { slackChannel, slackTs } = v.dispute
      if (!slackChannel || !slackTs) return 'no_thread'
      const t = deps.i18n.t(deps.desk.language)
      await postOnce(steps, deps.slack, 'notice', {
        channel: slackChannel,
        thread_ts: slackTs,
        text: t('desk.dispute.undelivered.text', {
          what: t(`desk.dispute.undelivered.news.${data.news}`),
          why: t(`desk.dispute.undelivered.why.${data.why}`),
        }),
      })
      return 'told'
    },
    /** A reminder before the answer-by date, or the escalation once it passed. */
    async dispute_deadline({ data, steps }: JobRun<{ disputeId: string; event: 'reminder' | 'overdue' }>) {
      const v = await deps.core.disputes.deskView(data.disputeId)
      if (!v) return 'gone'
      const { slackChannel, slackTs } = v.dispute
      if (!slackChannel || !slackTs) return 'no_thread'
      const event = data.event
      const t = deps.i18n.t(deps.desk.language)
      const tz = v.program?.timeZone ?? 'UTC'
      const who = v.dispute.assignee ? `<@${v.dispute.assignee.replace(/^slack:/, '')}>` : '<!here>'
      await postOnce(steps, deps.slack, 'notice', {
        channel: slackChannel,
        thread_ts: slackTs,
        reply_broadcast: event === 'overdue',
        text: t(`desk.deadline.${event}`, {
          who,
          number: v.dispute.number,
          date: date(v.dispute.answerBy, deps.desk.language, tz),
        }),
      })
      return event
    },
  }
}

/** What a partner's message did to the case, to its agent (or everyone here): reopened with a new deadline, or answered. */
function afterLine(t: Translate, language: string, v: View, after: 'reopened' | 'evidence') {
  const who = v.dispute.assignee ? `<@${v.dispute.assignee.replace(/^slack:/, '')}>` : '<!here>'
  const answerBy = date(v.dispute.answerBy, language, v.program?.timeZone ?? 'UTC')
  return t(`desk.thread.${after}`, { who, number: v.dispute.number, date: answerBy })
}

/** Slack's limits on blocks: a message (`/pa disputes`) and a view (the App Home). */
export const MESSAGE_BLOCKS = 50
export const HOME_BLOCKS = 100

/**
 * The open disputes, the nearest deadline first, in at most `budget` blocks (the title, the count of the whole
 * queue, a row each, and how many more there are and where they are seen: the App Home for `/pa disputes`, the
 * disputes channel's cards for the App Home).
 */
export async function homeView(
  core: Core,
  t: Translate,
  language: string,
  { budget, from }: { budget: number; from: 'command' | 'home' },
) {
  const rows = Math.max(0, Math.min(50, budget - 3))
  const [count, queue] = await Promise.all([core.disputes.openCount(), core.disputes.queue(rows)])
  const total = Math.max(count, queue.length)
  // an empty queue is said once ("no open disputes"), not counted as "0 open disputes, nearest deadline first"
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: t('desk.home.title') } }]
  if (total)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('desk.home.count', { count: total }) }] })
  const now = core.clock.now()
  for (const d of queue) {
    const program = core.programs.get(d.programKey)
    const overdue = d.answerBy <= now
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: t(overdue ? 'desk.home.row_overdue' : 'desk.home.row', {
          number: d.number,
          program: programName(program, language, d.programKey),
          subject: t(`desk.dispute.subject.${d.subject}`),
          status: t(`desk.dispute.status.${d.status}`),
          date: date(d.answerBy, language, program?.timeZone ?? 'UTC'),
          assignee: d.assignee ? `<@${d.assignee.replace(/^slack:/, '')}>` : t('desk.home.unassigned'),
        }),
      },
      ...(d.assignee
        ? {}
        : {
            accessory: {
              type: 'button',
              action_id: DISPUTE_ACTIONS.claim.id,
              value: DISPUTE_ACTIONS.claim.encode(d.id),
              text: { type: 'plain_text', text: t('desk.dispute.button.claim') },
            },
          }),
    })
  }
  if (!total) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('desk.home.empty') } })
  else if (total > queue.length) {
    const more = t(from === 'command' ? 'desk.home.more_command' : 'desk.home.more_home', {
      count: total - queue.length,
    })
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more }] })
  }
  return { type: 'home' as const, blocks }
}
