import type { App, BlockAction, ButtonAction } from '@slack/bolt'
import { actionIds, HOME_ACTIONS } from '../actions.ts'
import { type ButtonArgs, pressed } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { partnerCard } from './partners.ts'

/**
 * A queue item's button on the App Home: the partner's card (the one `/pa partner` shows, with the actions the
 * viewer's roles allow) arrives as a direct message, since a Home tab has no channel to answer in.
 */
const openPartner = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, HOME_ACTIONS.openPartner, 'partners.view', async ({ value, user, t, language }) => {
    const p = await deps.core.partners.profile(value.partnerId)
    const card = await partnerCard(deps, user, language, t, p)
    await args.client.chat.postMessage({ channel: user, ...card })
    return undefined
  })

/** Registers the App Home's buttons; returns the action ids it handles. */
export function registerHomeDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.openPartner.id, (args) => openPartner(deps, args))
  return actionIds(HOME_ACTIONS)
}
