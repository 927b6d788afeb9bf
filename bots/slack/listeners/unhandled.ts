import type { App, BlockAction } from '@slack/bolt'
import type { ListenerDeps } from './index.ts'

/**
 * Registered last: a button whose action id no listener knows (an old message, a removed feature) is
 * acknowledged within Slack's 3 seconds and the user is told, instead of seeing a timeout.
 */
export function registerUnhandled(app: App, deps: ListenerDeps, known: ReadonlySet<string>) {
  app.action<BlockAction>(/.*/, async ({ ack, action, body, client, respond }) => {
    if (known.has(action.action_id)) return
    await ack()
    deps.logger.warn({ actionId: action.action_id.slice(0, 64) }, 'slack: unknown action')
    const t = deps.i18n.t(await deps.language(client, body.user.id))
    if (body.response_url)
      await respond({ response_type: 'ephemeral', replace_original: false, text: t('unhandled.button') })
  })
}
