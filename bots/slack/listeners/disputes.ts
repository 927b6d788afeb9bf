import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { Attachment } from '../../../core/domain/disputes.ts'
import type { Translate } from '../../i18n/index.ts'
import { actionIds, DISPUTE_ACTIONS, type SlackAction } from '../actions.ts'
import { homeView, MESSAGE_BLOCKS } from '../desk/disputes.ts'
import { deskErrorText } from '../errors.ts'
import { slackToFormatted, typedToFormatted } from '../mrkdwn.ts'
import { can } from '../roles.ts'
import { slackErrorSummary } from '../web-client.ts'
import type { Subcommand } from './commands/pa.ts'
import { DISPUTE_VIEWS, type DisputeModalMode, disputeMetadata, openDisputeModal } from './disputes-modals.ts'
import { restoreChosen } from './disputes-restore.ts'
import { type ButtonArgs, type SubmitArgs, tellUser } from './finance-kit.ts'
import { publishHome } from './home.ts'
import { stillWorking, withinBudget } from './in-time.ts'
import type { ListenerDeps } from './index.ts'

/** `/pa disputes`: the open queue, nearest deadline first (the same list as the App Home). */
export function disputeSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    disputes: async ({ command, respond, client, t }) => {
      if (!(await deps.allowed(command.user_id, 'disputes.work', { respond, client }))) return
      const language = await deps.language(client, command.user_id)
      const view = await homeView(deps.core, t, language, { budget: MESSAGE_BLOCKS, from: 'command' })
      await respond({ response_type: 'ephemeral', text: t('desk.home.title'), blocks: view.blocks })
    },
  }
}

type DisputeRun = (t: Translate, disputeId: string, language: string) => Promise<string | undefined>

/**
 * A dispute card's button: acknowledged at once, the role and the dispute id checked, then `run`; its answer (or
 * refusal) goes to the user alone; pressed on the App Home, the Home is published again.
 */
async function disputeButton(
  deps: ListenerDeps,
  args: ButtonArgs,
  pressedAction: SlackAction<string>,
  run: DisputeRun,
) {
  const { ack, body, client, respond, action } = args
  await ack()
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  // what was done stays done when the answer cannot be delivered (the response_url down too): it is logged
  // pressed on the App Home (no response_url, no channel): as a direct message, as the other Home buttons answer
  const tell = (text: string) =>
    (body.response_url
      ? respond({ response_type: 'ephemeral', replace_original: false, text })
      : tellUser(client, deps.logger, { channel: body.channel?.id, user }, text)
    ).then(
      () => {},
      (e) => deps.logger.warn({ ...slackErrorSummary(e), action: action.action_id }, 'slack: answer not delivered'),
    )
  if (!(await deps.allowed(user, 'disputes.work', { respond: body.response_url ? respond : undefined, client }))) return
  const disputeId = pressedAction.parse(action.value)
  if (!disputeId) {
    await tell(t('unhandled.button'))
    return
  }
  try {
    const text = await run(t, disputeId, language)
    if (text) await tell(text)
  } catch (e) {
    await tell(deskErrorText(deps, t, language, e, { action: action.action_id, dispute: disputeId }))
  }
  if (body.view?.type === 'home') await publishHome(deps, client, user)
}

/** Claim and escalate act at once; reply, evidence, uphold and reject open their modal. */
function registerDisputeButtons(app: App, deps: ListenerDeps) {
  const actor = (args: ButtonArgs) => `slack:${args.body.user.id}`
  app.action<BlockAction<ButtonAction>>(DISPUTE_ACTIONS.claim.id, async (args) =>
    disputeButton(deps, args, DISPUTE_ACTIONS.claim, async (t, id) => {
      const d = await deps.core.disputes.claim({ disputeId: id, actor: actor(args) })
      return t('desk.done.claimed', { number: d.number })
    }),
  )
  app.action<BlockAction<ButtonAction>>(DISPUTE_ACTIONS.escalate.id, async (args) =>
    disputeButton(deps, args, DISPUTE_ACTIONS.escalate, async (t, id) => {
      const d = await deps.core.disputes.escalate({ disputeId: id, actor: actor(args) })
      return t('desk.done.escalated', { number: d.number })
    }),
  )
  const opens = (pressedAction: SlackAction<string>, mode: DisputeModalMode) => async (args: ButtonArgs) =>
    disputeButton(deps, args, pressedAction, async (t, id, language) => {
      await openDisputeModal(deps, args.client, { t, language }, args.body.trigger_id, id, mode)
      return undefined
    })
  app.action<BlockAction<ButtonAction>>(DISPUTE_ACTIONS.reply.id, opens(DISPUTE_ACTIONS.reply, 'reply'))
  app.action<BlockAction<ButtonAction>>(DISPUTE_ACTIONS.evidence.id, opens(DISPUTE_ACTIONS.evidence, 'evidence'))
  app.action<BlockAction<ButtonAction>>(DISPUTE_ACTIONS.uphold.id, opens(DISPUTE_ACTIONS.uphold, 'upheld'))
  app.action<BlockAction<ButtonAction>>(DISPUTE_ACTIONS.reject.id, opens(DISPUTE_ACTIONS.reject, 'rejected'))
}

/**
 * A dispute modal submitted: the role checked without asking Slack, then one core call whose refusal (already
 * resolved, moved on) shows in the modal. A call that outlives the answer budget finishes anyway; the modal then
 * says so and the outcome comes as a message.
 */
async function disputeSubmitted(
  deps: ListenerDeps,
  args: SubmitArgs,
  run: (meta: { disputeId: string; mode: string }) => Promise<void>,
  errorBlock: string,
) {
  const { ack, body, view, client, context } = args
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  const meta = disputeMetadata(view.private_metadata)
  if (!meta || !can(deps.desk, user, 'disputes.work')) {
    await ack({
      response_action: 'errors',
      errors: { [errorBlock]: t(meta ? 'desk.refused_short' : 'unhandled.button') },
    })
    return
  }
  // undefined when done, else the refusal in the user's words
  const refusal = run(meta).then(
    () => undefined,
    (e) => deskErrorText(deps, t, language, e, { view: view.callback_id, dispute: meta.disputeId }),
  )
  const answer = await withinBudget(context, refusal)
  if (answer.inTime) {
    if (answer.value === undefined) await ack()
    else await ack({ response_action: 'errors', errors: { [errorBlock]: answer.value.slice(0, 150) } })
    return
  }
  await ack({ response_action: 'update', view: stillWorking(t) })
  const text = (await answer.later) ?? t('desk.late.done')
  await tellUser(client, deps.logger, { channel: deps.desk.channels.disputes, user }, text)
}

/** The reply modal: the message (or the request for evidence) goes to the partner. */
const submitReply = (deps: ListenerDeps, args: SubmitArgs) =>
  disputeSubmitted(
    deps,
    args,
    async (meta) => {
      // the modal's text is as typed: its *bold*, _italic_ and code reach the partner as formatting, as the thread's do
      const { text, format } = typedToFormatted(args.view.state.values.message?.text?.value ?? '')
      await deps.core.disputes.reply({
        disputeId: meta.disputeId,
        actor: `slack:${args.body.user.id}`,
        text,
        format,
        source: 'slack_modal',
        sourceRef: args.view.id,
        askEvidence: meta.mode === 'evidence',
      })
    },
    'message',
  )

/** The resolve modal: upheld or rejected, with its reason, note and the release of a held commission. */
const submitResolution = (deps: ListenerDeps, args: SubmitArgs) =>
  disputeSubmitted(
    deps,
    args,
    async (meta) => {
      const values = args.view.state.values
      const note = typedToFormatted(values.note?.text?.value ?? '')
      await deps.core.disputes.resolve({
        disputeId: meta.disputeId,
        actor: `slack:${args.body.user.id}`,
        outcome: meta.mode === 'upheld' ? 'upheld' : 'rejected',
        reason: values.reason?.reason?.selected_option?.value ?? '',
        note: note.text || undefined,
        noteFormat: note.format,
        releaseCommission: (values.release?.release?.selected_options ?? []).some((o) => o.value === 'approve'),
        restoreCommission: restoreChosen(values),
      })
    },
    'reason',
  )

interface ThreadMessage {
  subtype?: string
  bot_id?: string
  user?: string
  channel: string
  ts: string
  thread_ts?: string
  text?: string
  /** The message's rich text, where each emoji is the character itself (`text` has only its short name). */
  blocks?: unknown[]
  files?: { id: string; name?: string; mimetype?: string; size?: number }[]
}

/** Support writes in the dispute's thread: the message reaches the partner in Telegram. */
async function threadReply(deps: ListenerDeps, client: WebClient, m: ThreadMessage) {
  // a reply, with files or also sent to the channel; edits, deletions and bots' messages are not replies
  const reply = !m.subtype || m.subtype === 'file_share' || m.subtype === 'thread_broadcast'
  if (!reply || m.bot_id || !m.user || !m.thread_ts || m.thread_ts === m.ts) return
  if (m.channel !== deps.desk.channels.disputes) return
  // the desk's own notes stay in Slack
  if ((m.text ?? '').trimStart().startsWith('//')) return
  const user = m.user
  const thread = m.thread_ts
  // what support wrote is the partner's answer: if it cannot be taken, the writer is told in the thread
  try {
    const dispute = await deps.core.disputes.byThread(m.channel, thread)
    if (!dispute) return
    if (!(await deps.allowed(user, 'disputes.work', { client, channel: m.channel }))) return
    const attachments: Attachment[] = (m.files ?? []).slice(0, 10).map((f) => ({
      source: 'slack',
      fileId: f.id,
      kind: f.mimetype?.startsWith('image/') ? 'photo' : 'document',
      name: f.name,
      mime: f.mimetype,
      size: f.size,
    }))
    // Slack's *bold*, _italic_, ~strike~ and code reach the partner as formatting, not as those characters
    const { text, format } = slackToFormatted(withEmoji(m.text ?? '', m.blocks))
    await deps.core.disputes.reply({
      disputeId: dispute.id,
      actor: `slack:${user}`,
      text,
      format,
      attachments,
      source: 'slack_thread',
      sourceRef: `${m.channel}:${m.ts}`,
    })
  } catch (e) {
    const language = await deps.language(client, user)
    const text = deskErrorText(deps, deps.i18n.t(language), language, e, { thread })
    await client.chat.postEphemeral({ channel: m.channel, user, thread_ts: thread, text })
  }
}

/** The dispute desk: card buttons, the reply and resolve modals, thread messages and the App Home. */
export function registerDisputeDesk(app: App, deps: ListenerDeps): string[] {
  registerDisputeButtons(app, deps)
  app.view<ViewSubmitAction>(DISPUTE_VIEWS.reply, (args) => submitReply(deps, args))
  app.view<ViewSubmitAction>(DISPUTE_VIEWS.resolve, (args) => submitResolution(deps, args))
  app.event('message', ({ event, client }) => threadReply(deps, client, event as ThreadMessage))
  return actionIds(DISPUTE_ACTIONS)
}

interface EmojiElement {
  type: 'emoji'
  name: string
  unicode?: string
  skin_tone?: number
}

/** The emoji of a message's rich-text blocks, at any depth. */
function emojiIn(node: unknown, out: EmojiElement[] = []): EmojiElement[] {
  if (Array.isArray(node)) for (const n of node) emojiIn(n, out)
  else if (node && typeof node === 'object') {
    const e = node as Partial<EmojiElement> & { elements?: unknown }
    if (e.type === 'emoji' && typeof e.name === 'string') out.push(e as EmojiElement)
    else emojiIn(e.elements, out)
  }
  return out
}

/**
 * A message's text with each emoji as the character itself: Slack writes them in `text` by short name
 * (`:slightly_smiling_face:`, `:+1::skin-tone-4:`), the character only in the rich-text blocks. A custom emoji (no
 * character) keeps its name.
 */
export function withEmoji(text: string, blocks: unknown): string {
  const chars = new Map<string, string>()
  for (const e of emojiIn(blocks)) {
    const points = (e.unicode ?? '').split('-').map((h) => Number.parseInt(h, 16))
    if (!e.unicode || points.some((p) => !Number.isInteger(p) || p < 0 || p > 0x10ffff)) continue
    const name = `:${e.name}:${e.skin_tone ? `:skin-tone-${e.skin_tone}:` : ''}`
    chars.set(name, String.fromCodePoint(...points))
  }
  // the longest names first: `:+1::skin-tone-4:` before `:+1:`
  let out = text
  for (const [name, char] of [...chars].sort((a, b) => b[0].length - a[0].length)) out = out.replaceAll(name, char)
  return out
}
