import type { App } from '@slack/bolt'
import type { ListenerDeps } from '../index.ts'

/** `/pa help` and `/pa status`: the desk's entry point. */
export function registerPaCommand(app: App, deps: ListenerDeps) {
  app.command('/pa', async ({ ack, command, client, respond }) => {
    await ack()
    const t = deps.i18n.t(await deps.language(client, command.user_id))
    const sub = command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
    if (sub === '' || sub === 'help') {
      await respond({ response_type: 'ephemeral', text: t('slack.help') })
      return
    }
    if (sub === 'status') {
      const r = await deps.core.readiness()
      const lines = r.checks.map((c) =>
        c.ok
          ? t('slack.status.check_ok', { name: c.name, ms: c.ms })
          : t('slack.status.check_failed', { name: c.name, error: c.error ?? '' }),
      )
      await respond({
        response_type: 'ephemeral',
        text: [t(r.ready ? 'slack.status.ready' : 'slack.status.not_ready'), ...lines].join('\n'),
      })
      return
    }
    await respond({ response_type: 'ephemeral', text: t('slack.unknown_command', { text: command.text.slice(0, 50) }) })
  })
}
