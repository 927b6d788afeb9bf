import type { KnownBlock } from '@slack/types'
import type { Core } from '../../../core/index.ts'
import type { QueueItem, QueueKey, QueueSummary } from '../../../core/ports/queues.ts'
import { programName } from '../../../core/programs/names.ts'
import type { DeskConfig } from '../../config.ts'
import { minorText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskDate } from '../../shared/dates.ts'
import { HOME_ACTIONS } from '../actions.ts'
import { can, type Permission } from '../roles.ts'
import { HOME_BLOCKS, homeView } from './disputes.ts'
import { mrkdwnEscape } from './finance-cards.ts'

/**
 * The permission that lets a viewer act on each queue: the App Home shows a queue only to those who may work it.
 * Disputes keep their own section (the dispute queue with its claim buttons, desk/disputes.ts homeView).
 */
export const QUEUE_PERMISSIONS: Record<QueueKey, Permission> = {
  applications: 'partners.applications',
  held_commissions: 'commissions.review',
  review_flags: 'flags.decide',
  payouts: 'payouts.decide',
  payment_details: 'payouts.decide',
  disputes: 'disputes.work',
  terms_objections: 'terms.publish',
  referee_bonuses: 'bonuses.grant',
}

/** What an item's button opens: the item's own card where it has one, else the partner card it is decided on. */
const OPENS: Record<Exclude<QueueKey, 'disputes'>, 'application' | 'payout' | 'details' | 'bonus' | 'partner'> = {
  applications: 'application',
  held_commissions: 'partner',
  review_flags: 'partner',
  payouts: 'payout',
  payment_details: 'details',
  terms_objections: 'partner',
  referee_bonuses: 'bonus',
}

/** The queues a Slack user may work, in the catalogue's order. */
export const queuesFor = (desk: DeskConfig, user: string): QueueKey[] =>
  (Object.keys(QUEUE_PERMISSIONS) as QueueKey[]).filter((k) => can(desk, user, QUEUE_PERMISSIONS[k]))

const day = (at: Date, language: string, timeZone: string) => deskDate(at, language, timeZone)

/** The dashboard's "as of" time, in UTC (the desk spans the programs' time zones). */
const clock = (at: Date, language: string) => deskDate(at, language, 'UTC', { time: true })

function itemLine(core: Core, t: Translate, language: string, i: QueueItem): string {
  const program = core.programs.get(i.programKey)
  const parts = [
    `*${mrkdwnEscape(i.partnerName ?? t('desk.dashboard.no_name'))}*`,
    mrkdwnEscape(programName(program, language, i.programKey)),
  ]
  if (i.amountMinor !== undefined && i.currency) {
    parts.push(minorText(language, { minor: i.amountMinor, currency: i.currency }))
  }
  if (i.mask && i.kind) parts.push(`${t(`finance.method.${i.kind}` as 'finance.method.bank')} ${mrkdwnEscape(i.mask)}`)
  if (i.version !== undefined) parts.push(t('desk.dashboard.version', { version: i.version }))
  parts.push(day(i.at, language, program?.timeZone ?? 'UTC'))
  return `• ${parts.join(' · ')}`
}

function queueBlocks(
  core: Core,
  t: Translate,
  language: string,
  q: QueueSummary & { key: Exclude<QueueKey, 'disputes'> },
): KnownBlock[] {
  const title = t(`desk.dashboard.queue.${q.key}`)
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: t('desk.dashboard.queue_title', { title, n: q.count }) } },
  ]
  // each item opens its card (HOME_ACTIONS.open, listeners/home.ts)
  for (const i of q.oldest)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: itemLine(core, t, language, i) },
      accessory: {
        type: 'button',
        action_id: HOME_ACTIONS.open.id,
        value: HOME_ACTIONS.open.encode({
          queue: q.key,
          id: i.detailsId ?? i.id,
          partnerId: i.partnerId,
          programKey: i.programKey,
        }),
        text: { type: 'plain_text', text: t(`desk.dashboard.open.${OPENS[q.key]}`) },
      },
    })
  const more = q.count - q.oldest.length
  const note = q.count === 0 ? t('desk.dashboard.empty') : more > 0 ? t('desk.dashboard.more', { count: more }) : ''
  if (note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] })
  return blocks
}

/**
 * The operator's dashboard: one section per queue the viewer may work (count and oldest items), then the dispute
 * queue with its buttons for those who work disputes. Null when the viewer has no queue at all.
 */
export async function dashboardView(core: Core, desk: DeskConfig, user: string, t: Translate, language: string) {
  const keys = queuesFor(desk, user)
  if (!keys.length) return null
  const others = keys.filter((k) => k !== 'disputes')
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t('desk.dashboard.title') } },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: HOME_ACTIONS.refresh.id,
          value: HOME_ACTIONS.refresh.encode(true),
          text: { type: 'plain_text', text: t('desk.dashboard.refresh') },
        },
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: t('desk.dashboard.as_of', { time: clock(core.clock.now(), language) }) }],
    },
  ]
  for (const q of others.length ? await core.queues.overview({ keys: others }) : []) {
    if (q.key === 'disputes') continue
    blocks.push(...queueBlocks(core, t, language, { ...q, key: q.key }), { type: 'divider' })
  }
  // the dispute queue in what is left of the view's blocks
  if (keys.includes('disputes'))
    blocks.push(...(await homeView(core, t, language, { budget: HOME_BLOCKS - blocks.length, from: 'home' })).blocks)
  return { type: 'home' as const, blocks }
}
