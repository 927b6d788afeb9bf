import type { KnownBlock } from '@slack/types'
import type { Core } from '../../../core/index.ts'
import { type Named, programName } from '../../../core/programs/names.ts'
import { languageName, type Translate } from '../../i18n/index.ts'
import { deskEndDate, termsDeskDate } from '../../shared/dates.ts'
import type { JobRun } from '../../shared/jobs.ts'
import { BROADCAST_ACTIONS, type SlackAction } from '../actions.ts'
import { slackBroadcastProgress } from '../jobs/broadcast-progress.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { keepDeskCard } from './erased-cards.ts'
import { mrkdwnEscape } from './finance-cards.ts'
import { postOnce } from './once.ts'
import { openPartnerButton, partnerWho } from './partner-ref.ts'
import { reportButton } from './payops.ts'

type Progress = Awaited<ReturnType<Core['terms']['broadcastProgress']>>

/**
 * How long a broadcast has left, in the reader's language with its plural forms ("2 hours 5 minutes",
 * "2 часа 5 минут", "2 stundas 5 minūtes"): the two largest units, from ICU's unit names.
 */
export function etaText(language: string, seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const parts: [Intl.NumberFormatOptions['unit'], number][] =
    s >= 3600
      ? [
          ['hour', Math.floor(s / 3600)],
          ['minute', Math.floor((s % 3600) / 60)],
        ]
      : s >= 60
        ? [
            ['minute', Math.floor(s / 60)],
            ['second', s % 60],
          ]
        : [['second', s]]
  const words = parts
    .filter(([, n], i) => i === 0 || n > 0)
    .map(([unit, n]) => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(n))
  return new Intl.ListFormat(language, { type: 'unit', style: 'narrow' }).format(words)
}

/**
 * The broadcast's message in Slack: sent / failed / blocked / remaining (and not sent as answered already), the ETA,
 * answers, and its controls; the version's date in the program's zone, as the partners read it.
 */
export function broadcastProgressBlocks(
  t: Translate,
  language: string,
  p: Progress,
  program: Named & { timeZone: string },
) {
  const title = t('desk.broadcast.title', { program: programName(program, language), version: p.version ?? '—' })
  // a program's partners run to thousands: each count as the reader's language groups it (12 345, 12,345)
  const n = (x: number) => new Intl.NumberFormat(language).format(x)
  // a cancelled broadcast's unsent messages are never sent: not "remaining", as if still on their way
  const counts = t(p.status === 'cancelled' ? 'desk.broadcast.counts_cancelled' : 'desk.broadcast.counts', {
    total: n(p.total),
    sent: n(p.sent),
    failed: n(p.failed),
    blocked: n(p.blocked),
    remaining: n(p.remaining),
  })
  const lines = [
    t(`desk.broadcast.status.${p.status}`),
    // partners who answered in /terms before it reached them (and left the program) are not sent it, and it is no
    // failure: said apart, where there are any
    p.answeredBeforeDelivery > 0
      ? `${counts} · ${t('desk.broadcast.answered_before_delivery', { answered: n(p.answeredBeforeDelivery) })}`
      : counts,
    // who it reached and has not answered yet, next to who did: the admin need not download the report to see it
    t('desk.broadcast.answers', {
      acknowledged: n(p.acknowledged),
      objected: n(p.objected),
      unanswered: n(p.unanswered),
    }),
  ]
  if (p.status === 'running' && p.etaSeconds !== null)
    lines.push(t('desk.broadcast.eta', { eta: etaText(language, p.etaSeconds) }))
  // a change withdrawn by the cancel never takes effect: its date is said as the one it was due on; once the date has
  // passed (by the service clock), the change took effect: not "comes into force", as if still ahead
  if (p.effectiveAt)
    lines.push(
      t(
        p.withdrawnAt ? 'desk.broadcast.withdrawn' : p.inForce ? 'desk.broadcast.in_force' : 'desk.broadcast.effective',
        {
          date: termsDeskDate(p.effectiveAt, language, program.timeZone),
        },
      ),
    )
  const button = (action: SlackAction<string>, text: string, style?: 'danger' | 'primary') => ({
    type: 'button' as const,
    action_id: action.id,
    value: action.encode(p.id),
    text: { type: 'plain_text' as const, text },
    ...(style ? { style } : {}),
  })
  const style = { pause: undefined, resume: 'primary', cancel: 'danger' } as const
  const controls = p.actions.map((a) => button(BROADCAST_ACTIONS[a], t(`desk.broadcast.button.${a}`), style[a]))
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
  ]
  // the report (CSV) is uploaded as a Slack file on request
  blocks.push({ type: 'actions', block_id: `broadcast:${p.id}`, elements: [...controls, reportButton(t, p.id)] })
  return { text: `${title}: ${t(`desk.broadcast.status.${p.status}`)}`, blocks }
}

export function termsDeskJobs(deps: DeskDeps) {
  return {
    /** A broadcast's progress message refreshed (answers after it completed, a pause or a cancel). */
    async broadcast_progress({ data }: JobRun<{ broadcastId: string }>) {
      const refresh = slackBroadcastProgress({
        core: deps.core,
        i18n: deps.i18n,
        logger: deps.logger,
        client: deps.slack,
        desk: deps.desk,
      })
      await refresh(data.broadcastId)
      return 'refreshed'
    },
    /** A partner objected to a term change: support is told in the disputes channel. */
    async terms_objection({
      data,
      steps,
    }: JobRun<{ versionId: string; partnerId: string; endedAgreement?: boolean; objectedAt?: string }>) {
      const channel = deps.desk.channels.disputes
      if (!channel) return 'no_channel'
      const v = await deps.core.terms.record(data.versionId)
      const partnerId = data.partnerId
      const contact = v && (await deps.core.partners.contact(partnerId))
      if (!v || !contact) return 'gone'
      const program = deps.core.programs.get(v.programKey)
      // the end this objection brought (an agreement ending for another reason is not the objection's doing)
      const ends =
        data.endedAgreement !== false
          ? (await deps.core.terms.forPartner(partnerId, [v.programKey], 'en'))[0]?.endsAt
          : undefined
      // a change already in force when the partner objected took effect on its date: not "in force from", as if to come
      const objectedAt = data.objectedAt ? new Date(data.objectedAt) : deps.core.clock.now()
      const inForce = v.effectiveAt <= objectedAt
      const t = deps.i18n.t(deps.desk.language)
      const text = t(
        ends ? 'desk.terms.objection_ends' : inForce ? 'desk.terms.objection_in_force' : 'desk.terms.objection',
        {
          partner: await partnerWho(deps.core, t, partnerId),
          language: languageName(contact.language),
          program: mrkdwnEscape(programName(program, deps.desk.language, v.programKey)),
          version: v.version,
          effective: termsDeskDate(v.effectiveAt, deps.desk.language, program?.timeZone ?? 'UTC'),
          ends: ends ? deskEndDate(deps.desk.language, new Date(ends), program?.timeZone ?? 'UTC') : '',
        },
      )
      // the partner by name, their card a button away
      const posted = await postOnce(steps, deps.slack, 'objection', {
        channel,
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text } },
          { type: 'actions', elements: [openPartnerButton(t, partnerId, v.programKey)] },
        ],
      })
      const subject = `${v.id}.${partnerId}`
      await keepDeskCard(deps, { kind: 'objection', subject, partnerId, programKey: v.programKey, ...posted })
      return 'posted'
    },
  }
}
