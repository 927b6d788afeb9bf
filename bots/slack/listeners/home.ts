import type { App, BlockAction, ButtonAction } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import { DomainError } from '../../../core/domain/errors.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Language, Translate } from '../../i18n/index.ts'
import { actionIds, HOME_ACTIONS, type HomeItemRef } from '../actions.ts'
import { applicationBlocks } from '../desk/applications.ts'
import { partnerLabel } from '../desk/details.ts'
import { detailsCard } from '../desk/details-cards.ts'
import { keepDeskCard } from '../desk/erased-cards.ts'
import { payoutCard } from '../desk/finance-cards.ts'
import { dashboardView, QUEUE_PERMISSIONS } from '../desk/home.ts'
import { bonusRow } from './bonuses.ts'
import { type ButtonArgs, pressed } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { partnerCard } from './partners.ts'

/** The App Home: the viewer's dashboard (desk/home.ts), or a line saying who may give them a role. */
export async function publishHome(deps: ListenerDeps, client: WebClient, user: string) {
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  const view = (await dashboardView(deps.core, deps.desk, user, t, language)) ?? {
    type: 'home' as const,
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: t('desk.home.no_role') } }],
  }
  await client.views.publish({ user_id: user, view })
}

type Card = { text: string; blocks: unknown[] }

/** A queue item's own card, as it stands now (a decided application or payout shows its outcome, no buttons). */
async function itemCard(
  deps: ListenerDeps,
  user: string,
  language: Language,
  t: Translate,
  i: HomeItemRef,
): Promise<Card> {
  switch (i.queue) {
    case 'applications':
      return applicationBlocks(t, language, await deps.core.partners.profile(i.partnerId), i.programKey)
    case 'payouts': {
      const v = await deps.core.payouts.deskView(i.id)
      if (!v) throw new DomainError('payout.not_found', { payout: i.id })
      return payoutCard(t, language, v)
    }
    case 'payment_details': {
      const v = await deps.core.payouts.detailsView({ ...i, detailsId: i.id })
      // the partner saved other details since (they are the queue's item now) or left the program
      if (!v) throw new DomainError('details.changed', {})
      return detailsCard(t, language, v, await partnerLabel(deps.core, t, v.partnerId))
    }
    case 'referee_bonuses': {
      const b = await deps.core.earnings.refereeBonus({ programKey: i.programKey, bonusId: i.id })
      const program = deps.core.programs.get(i.programKey)
      const blocks = bonusRow(t, language, program?.timeZone ?? 'UTC', b)
      return { text: t('bonuses.title', { program: programName(program, language, i.programKey), n: 1 }), blocks }
    }
    default:
      // held commissions, flags and objections are decided on the partner card
      return partnerCard(deps, user, language, t, await deps.core.partners.profile(i.partnerId))
  }
}

/**
 * A queue item's button on the App Home: its card arrives as a direct message (a Home tab has no channel to
 * answer in), with the actions the viewer's roles allow; the dashboard is republished with the live counts.
 */
const open = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(
    deps,
    args,
    HOME_ACTIONS.open,
    (i) => QUEUE_PERMISSIONS[i.queue],
    async ({ value, user, t, language }) => {
      const card = await itemCard(deps, user, language, t, value)
      const posted = await args.client.chat.postMessage({ channel: user, unfurl_links: false, ...card } as never)
      await keepDirect(deps, args.client, posted, { subject: `${user}.${value.queue}.${value.id}`, ...value })
      await publishHome(deps, args.client, user)
      return undefined
    },
  )

/** A partner named on a card (a dispute, an objection): the partner card, as a direct message. */
const openPartner = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, HOME_ACTIONS.openPartner, 'partners.view', async ({ value, user, t, language }) => {
    const card = await partnerCard(deps, user, language, t, await deps.core.partners.profile(value.partnerId))
    const posted = await args.client.chat.postMessage({ channel: user, ...card })
    await keepDirect(deps, args.client, posted, { subject: `${user}.partner.${value.partnerId}`, ...value })
    return undefined
  })

/** A card sent to an agent names the partner: where, so that an erasure of their data edits it too. */
async function keepDirect(
  deps: ListenerDeps,
  slack: WebClient,
  posted: { channel?: string; ts?: string },
  card: { subject: string; partnerId: string; programKey: string },
) {
  if (!posted.channel || !posted.ts) return
  const { subject, partnerId, programKey } = card
  const where = { channel: posted.channel, ts: posted.ts }
  await keepDeskCard({ ...deps, slack }, { kind: 'direct', subject, partnerId, programKey, ...where })
}

/** Registers the App Home's buttons; returns the action ids it handles. */
export function registerHomeDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.open.id, (args) => open(deps, args))
  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.openPartner.id, (args) => openPartner(deps, args))
  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.refresh.id, (args) =>
    pressed(deps, args, HOME_ACTIONS.refresh, 'partners.view', async ({ user }) => {
      await publishHome(deps, args.client, user)
      return undefined
    }),
  )
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab && event.tab !== 'home') return
    await publishHome(deps, client, event.user)
  })
  return actionIds(HOME_ACTIONS)
}
