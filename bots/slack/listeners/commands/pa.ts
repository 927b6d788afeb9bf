import type { App, RespondFn, SlashCommand } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { Language, Translate } from '../../../i18n/index.ts'
import { checkHelp, helpText } from '../../help.ts'
import type { ListenerDeps } from '../index.ts'

/** A `/pa <name> ...` subcommand; `args` is the text after the name. */
export type Subcommand = (a: {
  args: string
  command: SlashCommand
  respond: RespondFn
  client: WebClient
  t: Translate
  /** The viewer's language (what `t` writes in). */
  language: Language
}) => Promise<void>

/** `/pa help` (per role), `/pa status` and the subcommands each desk feature adds (disputes, payouts, partner...). */
export function registerPaCommand(app: App, deps: ListenerDeps, subcommands: Record<string, Subcommand>) {
  checkHelp(Object.keys(subcommands))
  app.command('/pa', async ({ ack, command, client, respond }) => {
    await ack()
    const language = await deps.language(client, command.user_id)
    const t = deps.i18n.t(language)
    const [first = '', ...rest] = command.text.trim().split(/\s+/)
    const sub = first.toLowerCase()
    if (sub === '' || sub === 'help') {
      // only the commands the viewer's roles let them use (bots/slack/help.ts)
      await respond({ response_type: 'ephemeral', text: helpText(deps.desk, command.user_id, t) })
      return
    }
    if (sub === 'status') {
      if (!(await deps.allowed(command.user_id, 'service.status', { respond, client }))) return
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
    const handler = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined
    if (handler) {
      await handler({ args: rest.join(' '), command, respond, client, t, language })
      return
    }
    await respond({ response_type: 'ephemeral', text: t('slack.unknown_command', { text: command.text.slice(0, 50) }) })
  })
}
