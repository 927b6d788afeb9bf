import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { Core } from '../../../core/index.ts'
import { namesOr } from '../../../core/programs/names.ts'
import type { DeskConfig } from '../../config.ts'
import type { I18n } from '../../i18n/index.ts'
import { broadcastProgressBlocks } from '../desk/terms.ts'

/**
 * Posts or refreshes a broadcast's progress message in Slack (when it was published from there), for the pump to
 * call as it sends. Slack not answering is logged, never thrown: the broadcast goes on.
 */
export function slackBroadcastProgress(deps: {
  core: Core
  i18n: I18n
  logger: Logger
  client: WebClient
  desk: DeskConfig
}) {
  return async (id: string) => {
    const p = await deps.core.terms.broadcastProgress(id)
    const channel = p.slack?.channel ?? (await deps.core.terms.pump.broadcast(id))?.slackChannel
    if (!channel) return
    const t = deps.i18n.t(deps.desk.language)
    const program = deps.core.programs.get(p.program)
    const { text, blocks } = broadcastProgressBlocks(t, deps.desk.language, p, {
      ...namesOr(program, p.program),
      timeZone: program?.timeZone ?? 'UTC',
    })
    try {
      if (p.slack) await deps.client.chat.update({ channel: p.slack.channel, ts: p.slack.ts, text, blocks })
      else {
        const posted = await deps.client.chat.postMessage({ channel, text, blocks })
        if (posted.ts) await deps.core.terms.pump.setMessage(id, posted.channel ?? channel, posted.ts)
      }
    } catch (e) {
      // progress is a view: a Slack hiccup must not stop the broadcast
      deps.logger.warn({ err: e, broadcast: id }, 'broadcast progress not shown in Slack')
    }
  }
}
