import type { AckFn, AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { I18n, Language } from '../../i18n/index.ts'
import { isSlackUnavailable, slackErrorSummary } from '../web-client.ts'
import { noticeView } from './in-time.ts'

interface BoundaryDeps {
  i18n: I18n
  logger: Logger
  language: (client: WebClient, userId: string) => Promise<Language>
}

type Body = {
  type?: string
  user?: { id?: string }
  user_id?: string
  response_url?: string
  command?: string
  actions?: { action_id?: string }[]
  view?: { callback_id?: string }
  event?: { type?: string; user?: string; channel?: string; thread_ts?: string; ts?: string }
}

/** What a request was, for a log line: its kind and ids, never its text. */
const describe = (b: Body) => ({
  type: b.type ?? (b.command ? 'command' : b.event ? 'event' : undefined),
  event: b.event?.type,
  action: b.actions?.[0]?.action_id?.slice(0, 64),
  view: b.view?.callback_id?.slice(0, 64),
})

/**
 * The outermost middleware of every Slack request (grammY's errorBoundary, for Bolt). A listener that fails is
 * logged and its user told, in their language, that the action could not be completed: in the modal when it is
 * still open, else through the response_url. Whatever no listener answered (an unknown callback id, a shortcut,
 * a closed modal) is acknowledged here, at once, instead of Slack seeing a timeout. `drain` waits for the
 * requests still being worked on, so a shutdown does not cut them off.
 */
export function errorBoundary(deps: BoundaryDeps) {
  const running = new Set<Promise<void>>()
  const tell = async (args: AnyMiddlewareArgs & { client: WebClient }, ack: AckFn<unknown> | undefined, e: unknown) => {
    const body = args.body as Body
    const user = body.user?.id ?? body.user_id ?? body.event?.user
    if (!user) return
    const t = deps.i18n.t(await deps.language(args.client, user))
    const text = t(isSlackUnavailable(e) ? 'desk.slack_unavailable' : 'desk.unexpected')
    if (body.type === 'view_submission' && ack) {
      const shown = await ack({ response_action: 'update', view: noticeView(t, text) }).then(
        () => true,
        () => false,
      )
      if (shown) return
    }
    const respond = (args as { respond?: RespondFn }).respond
    if (body.response_url && respond) {
      await respond({ response_type: 'ephemeral', replace_original: false, text })
      return
    }
    // an event (a reply typed in a dispute's thread) has no response_url: the author hears of it in the thread
    const event = body.event
    if (event?.user && event.channel) {
      await args.client.chat.postEphemeral({
        channel: event.channel,
        user: event.user,
        text,
        ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      })
    }
  }
  const handle = async (args: Parameters<Middleware<AnyMiddlewareArgs>>[0]) => {
    const ack = 'ack' in args && typeof args.ack === 'function' ? (args.ack as AckFn<unknown>) : undefined
    try {
      await args.next()
    } catch (e) {
      const what = describe(args.body as Body)
      if (isSlackUnavailable(e)) deps.logger.warn({ ...what, ...slackErrorSummary(e) }, 'slack: Slack did not answer')
      else deps.logger.error({ ...what, err: e }, 'slack listener failed')
      await tell(args, ack, e).catch((told) =>
        deps.logger.warn({ ...what, ...slackErrorSummary(told) }, 'slack: the user could not be told'),
      )
    } finally {
      // a second ack is refused by Bolt (already answered); a first one answers an empty 200 now
      if (ack) await ack().catch(() => {})
    }
  }
  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const work = handle(args)
    running.add(work)
    try {
      await work
    } finally {
      running.delete(work)
    }
  }
  return {
    middleware,
    /** Resolves when every request in progress is done, or after `ms`. */
    async drain(ms: number) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((r) => {
          timer = setTimeout(r, ms)
        }),
      ])
      clearTimeout(timer)
    },
  }
}
