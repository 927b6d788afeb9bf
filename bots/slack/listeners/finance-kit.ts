import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { Language, Translate } from '../../i18n/index.ts'
import type { SlackAction } from '../actions.ts'
import { deskErrorText } from '../errors.ts'
import { can, type Permission } from '../roles.ts'
import { slackErrorSummary } from '../web-client.ts'
import { stillWorking, withinBudget } from './in-time.ts'
import type { ListenerDeps } from './index.ts'

/** Shared by the finance and partner desks: ephemeral answers, buttons and modal submissions. */

/**
 * An answer only `user` sees, where they acted (a modal has no response_url): ephemeral in the channel, or a
 * direct message from the app when the bot is not in that channel.
 */
export async function tellUser(
  client: WebClient,
  logger: Logger,
  where: { channel?: string; user: string },
  text: string,
) {
  if (where.channel) {
    try {
      await client.chat.postEphemeral({ channel: where.channel, user: where.user, text })
      return
    } catch (e) {
      logger.warn({ err: e, channel: where.channel }, 'slack: ephemeral answer failed, sending a direct message')
    }
  }
  await client.chat.postMessage({ channel: where.user, text })
}

/** A modal's private_metadata, parsed; null when it is not ours or not whole. */
function readMetadata<T extends Record<string, string>>(raw: string, keys: readonly (keyof T)[]): T | null {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>
    for (const k of keys) if (typeof m[k as string] !== 'string') return null
    return m as T
  } catch {
    return null
  }
}

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs
export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs
export interface Pressed<V> {
  /** The button's value, parsed. */
  value: V
  user: string
  t: Translate
  language: Language
  channel?: string
  triggerId: string
  /** The key for the form this press opens: a double click's two forms share it (ListenerDeps.pressKey). */
  formKey: () => Promise<string>
}

/**
 * A button of the desk: acknowledged at once, the role checked, the id checked, then one core call; whatever it
 * says (done, or a rule's refusal such as "already approved") goes back to the user alone.
 */
export async function pressed<V>(
  deps: ListenerDeps,
  args: ButtonArgs,
  button: SlackAction<V>,
  /** What the button needs; a function of its value when that depends on what the button is on. */
  permission: Permission | ((value: V) => Permission),
  run: (p: Pressed<V>) => Promise<string | undefined>,
) {
  const { ack, body, action, client, respond } = args
  await ack()
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  const channel = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id
  // what was done stays done when the answer cannot be delivered (the response_url down too): it is logged
  const tell = (text: string) =>
    (body.response_url
      ? respond({ response_type: 'ephemeral', replace_original: false, text })
      : tellUser(client, deps.logger, { channel, user }, text)
    ).then(
      () => {},
      (e) => deps.logger.warn({ ...slackErrorSummary(e), action: action.action_id }, 'slack: answer not delivered'),
    )
  const value = button.parse(action.value)
  // a value that does not parse needs no more than the least of the desk's roles to be told so
  const needed = typeof permission === 'string' ? permission : value === undefined ? 'partners.view' : permission(value)
  if (!(await deps.allowed(user, needed, { respond: body.response_url ? respond : undefined, client, channel }))) return
  if (value === undefined) {
    deps.logger.warn({ action: action.action_id }, 'slack: action value refused')
    await tell(t('unhandled.button'))
    return
  }
  try {
    // a double click is two presses of one button on one message (or view) by one user
    const where = (body.container as { message_ts?: string } | undefined)?.message_ts ?? body.view?.id ?? ''
    const formKey = () => deps.pressKey(`${action.action_id}:${user}:${where}:${action.value ?? ''}`)
    const text = await run({ value, user, t, language, channel, triggerId: body.trigger_id, formKey })
    if (text) await tell(text)
  } catch (e) {
    const subject = (action.value ?? '').slice(0, 80)
    await tell(deskErrorText(deps, t, language, e, { action: action.action_id, subject }))
  }
}

/**
 * A modal submitted: the role checked again (it may have changed), then one core call. Its answer closes the
 * modal (or shows what to fix) and goes to the user alone; a call that outlives the answer budget finishes
 * anyway, the modal says it is still working, and the answer comes as a message when it is ready.
 */
export async function submitted<M extends Record<string, string> & { channel: string }>(
  deps: ListenerDeps,
  args: SubmitArgs,
  keys: readonly (keyof M)[],
  permission: (meta: M) => Permission,
  run: (meta: M, t: Translate, language: Language) => Promise<string | { errors: Record<string, string> }>,
) {
  const { ack, body, view, client, context } = args
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  const meta = readMetadata<M>(view.private_metadata, keys)
  if (!meta) {
    await ack()
    await tellUser(client, deps.logger, { user }, t('unhandled.button'))
    return
  }
  if (!can(deps.desk, user, permission(meta))) {
    await ack()
    await deps.allowed(user, permission(meta), { client, channel: meta.channel })
    return
  }
  const answer = await withinBudget(
    context,
    run(meta, t, language).catch((e) => deskErrorText(deps, t, language, e, { view: view.callback_id })),
  )
  if (answer.inTime && typeof answer.value !== 'string') {
    await ack({ response_action: 'errors', errors: answer.value.errors })
    return
  }
  await ack(answer.inTime ? undefined : { response_action: 'update', view: stillWorking(t) })
  const text = answer.inTime ? answer.value : await answer.later
  await tellUser(
    client,
    deps.logger,
    { channel: meta.channel, user },
    typeof text === 'string' ? text : Object.values(text.errors).join('\n'),
  )
}
