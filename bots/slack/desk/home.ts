import type { KnownBlock } from '@slack/types'
import type { Core } from '../../../core/index.ts'
import type { QueueItem, QueueKey, QueueSummary } from '../../../core/ports/queues.ts'
import type { DeskConfig } from '../../config.ts'
import { minorText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { HOME_ACTIONS } from '../actions.ts'
import { can, type Permission } from '../roles.ts'
import { homeView } from './disputes.ts'
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
  disputes: 'disputes.work',
  referee_bonuses: 'bonuses.grant',
}

/** The queues a Slack user may work, in the catalogue's order. */
export const queuesFor = (desk: DeskConfig, user: string): QueueKey[] =>
  (Object.keys(QUEUE_PERMISSIONS) as QueueKey[]).filter((k) => can(desk, user, QUEUE_PERMISSIONS[k]))

const day = (at: Date, language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone }).format(at)

function itemLine(core: Core, t: Translate, language: string, i: QueueItem): string {
  const program = core.programs.get(i.programKey)
  const parts = [
    `*${mrkdwnEscape(i.partnerName ?? t('desk.dashboard.no_name'))}*`,
    mrkdwnEscape(program?.name ?? i.programKey),
  ]
  if (i.amountMinor !== undefined && i.currency) {
    parts.push(minorText(language, { minor: i.amountMinor, currency: i.currency }))
  }
  parts.push(day(i.at, language, program?.timeZone ?? 'UTC'))
  return `• ${parts.join(' · ')}`
}

function queueBlocks(core: Core, t: Translate, language: string, q: QueueSummary): KnownBlock[] {
  const title = t(`desk.dashboard.queue.${q.key}`)
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: t('desk.dashboard.queue_title', { title, n: q.count }) } },
  ]
  // each item opens its partner's card (HOME_ACTIONS.openPartner, listeners/home.ts)
  for (const i of q.oldest)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: itemLine(core, t, language, i) },
      accessory: {
        type: 'button',
        action_id: HOME_ACTIONS.openPartner.id,
        value: HOME_ACTIONS.openPartner.encode({ partnerId: i.partnerId, programKey: i.programKey }),
        text: { type: 'plain_text', text: t('desk.dashboard.open') },
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
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: t('desk.dashboard.title') } }]
  for (const q of others.length ? await core.queues.overview({ keys: others }) : []) {
    blocks.push(...queueBlocks(core, t, language, q), { type: 'divider' })
  }
  if (keys.includes('disputes')) blocks.push(...(await homeView(core, t, language)).blocks)
  return { type: 'home' as const, blocks }
}
