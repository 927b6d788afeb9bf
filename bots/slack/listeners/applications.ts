import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import { UUID } from '../../../core/domain/ids.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Translate } from '../../i18n/index.ts'
import { APPLICATION_ACTIONS, actionIds } from '../actions.ts'
import { applicationBlocks } from '../desk/applications.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import { modal, plain } from '../views.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { whoOf } from './partners-view.ts'

const DECLINE_VIEW = 'application_decline'
type Card = { channel?: string; ts?: string }

/**
 * The pressed message (the channel's card or its App Home copy) shows the decision, who made it and when, without
 * its buttons, at once (best effort: the decision is made). The channel's card is updated by the desk job the
 * decision announced, whichever surface decided.
 */
async function markCard(
  deps: ListenerDeps,
  client: WebClient,
  card: Card,
  a: { partnerId: string; programKey: string; status: 'active' | 'declined'; user: string },
) {
  if (!card.channel || !card.ts) return
  const t: Translate = deps.i18n.t(deps.desk.language)
  try {
    const p = await deps.core.partners.profile(a.partnerId)
    const decided = { status: a.status, actor: `slack:${a.user}`, at: deps.core.clock.now() }
    const view = applicationBlocks(t, deps.desk.language, p, a.programKey, decided)
    await client.chat.update({ channel: card.channel, ts: card.ts, ...view })
  } catch (e) {
    deps.logger.warn({ err: e, partner: a.partnerId }, 'slack: application card not updated')
  }
}

/** Approve on the card: the application becomes active and the partner is told. */
const approve = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(
    deps,
    args,
    APPLICATION_ACTIONS.approve,
    'partners.applications',
    async ({ value, t, language, user, channel }) => {
      const r = await deps.core.applications.approve({ ...value, actor: `slack:${user}` })
      await markCard(deps, args.client, { channel, ts: args.body.message?.ts }, { ...value, status: r.status, user })
      return t('applications.desk.done.active', {
        program: programName(deps.core.programs.get(r.programKey), language, r.programKey),
      })
    },
  )

/** Decline on the card: a modal asks for the reason. */
const openDecline = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(
    deps,
    args,
    APPLICATION_ACTIONS.decline,
    'partners.applications',
    async ({ value, t, language, channel, triggerId }) => {
      const p = await deps.core.partners.profile(value.partnerId)
      await args.client.views.open({
        trigger_id: triggerId,
        view: modal({
          callbackId: DECLINE_VIEW,
          metadata: { ...value, channel: channel ?? '', ts: args.body.message?.ts ?? '' },
          title: t('applications.desk.modal.title'),
          submit: t('applications.desk.modal.submit'),
          close: t('finance.modal.cancel'),
          blocks: [
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: t('applications.desk.modal.effect', {
                  who: whoOf(t, p),
                  program: mrkdwnEscape(programName(p.programNames[value.programKey], language, value.programKey)),
                }),
              },
            },
            {
              type: 'input',
              block_id: 'reason',
              label: plain(t('applications.desk.modal.reason'), 2000),
              element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
            },
          ],
        }),
      })
      return undefined
    },
  )

/** The decline confirmed with its reason: final; the partner is told. */
const submitDecline = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ partnerId: string; programKey: string; channel: string; ts: string }>(
    deps,
    args,
    ['partnerId', 'programKey', 'channel', 'ts'],
    () => 'partners.applications',
    async (meta, t, language) => {
      if (!UUID.test(meta.partnerId)) return t('unhandled.button')
      const reason = args.view.state.values.reason?.reason?.value?.trim() ?? ''
      if (!reason) return { errors: { reason: t('finance.modal.reason_missing') } }
      const user = args.body.user.id
      const r = await deps.core.applications.decline({
        partnerId: meta.partnerId,
        programKey: meta.programKey,
        reason,
        actor: `slack:${user}`,
      })
      await markCard(deps, args.client, meta, { ...meta, status: r.status, user })
      return t('applications.desk.done.declined', {
        program: programName(deps.core.programs.get(r.programKey), language, r.programKey),
      })
    },
  )

/** Registers the application card's buttons and the decline modal; returns the action ids it handles. */
export function registerApplicationDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(APPLICATION_ACTIONS.approve.id, (args) => approve(deps, args))
  app.action<BlockAction<ButtonAction>>(APPLICATION_ACTIONS.decline.id, (args) => openDecline(deps, args))
  app.view<ViewSubmitAction>(DECLINE_VIEW, (args) => submitDecline(deps, args))
  return actionIds(APPLICATION_ACTIONS)
}
