import type { Conversation } from '@grammyjs/conversations'
import { Composer, type Context, type MiddlewareFn } from 'grammy'
import { holdsPaymentDetails } from '../../core/domain/payment-details.ts'
import type { Translate } from '../i18n/index.ts'
import type { BotContext } from './context.ts'

/** The bot's multi-step flows (conversations), by the name each is registered under. */
export const FLOWS = ['payout', 'join', 'campaigns', 'dispute_new', 'dispute_add'] as const
export type Flow = (typeof FLOWS)[number]

/** Commands that start a flow of their own: inside another flow they end it first (a /start with a program). */
const STARTS_FLOW = ['payout', 'dispute']

/** What the partner is told when a flow ends on /cancel, or because another one started: what was not done. */
export function cancelledText(t: Translate, flow: string): string {
  if (flow === 'payout') return t('payout.flow.cancelled')
  if (flow === 'join') return t('flows.cancelled.join')
  if (flow === 'campaigns') return t('flows.cancelled.campaigns')
  return t('disputes.flow.cancelled')
}

/** The reminder under a command answered in the middle of a flow: the flow still waits for its question. */
function stillWaitingText(t: Translate, flow: string): string {
  if (flow === 'payout') return t('flows.waiting.payout')
  if (flow === 'join') return t('flows.waiting.join')
  if (flow === 'campaigns') return t('flows.waiting.campaigns')
  return t('flows.waiting.dispute')
}

/**
 * A message a flow may keep: none with payment details (an IBAN pasted as an amount, in an answer or in a dispute).
 * A wait lets such a message through only when asked for them (details-intake.ts); any other would sit in the flow's
 * state in Redis, so the wait skips it: `.and(withoutDetails, { otherwise: (c) => refuseDetails(c, t) })`.
 */
export const withoutDetails = (c: Context) => {
  const m = sentMessage(c)
  return !holdsPaymentDetails(m?.text ?? m?.caption ?? '')
}

/**
 * What the update's sender wrote, new or edited, in a chat or a channel: never the bot's own message a pressed button
 * sits under (`c.msg` would be that one too).
 */
const sentMessage = (c: Context) =>
  c.message ?? c.editedMessage ?? c.channelPost ?? c.editedChannelPost ?? c.businessMessage ?? c.editedBusinessMessage

/** The message with payment details taken out of the chat, and the partner told why; the flow keeps waiting. */
export async function refuseDetails(c: Context, t: Translate) {
  await c.deleteMessage().catch(() => {})
  await c.reply(t('payout.flow.details_unasked'))
}

/**
 * An edit of a message already sent never reaches a flow: the flow took (or refused) the message as it was, and the
 * conversations plugin would keep the edited update, with whatever was added to it, in the flow's state in Redis.
 * One that now holds payment details is taken out of the chat and refused as a new message with them would be
 * (a request for details is answered by a new message only, which details-intake.ts takes to core); any other is
 * told to send the correction as a new message. Outside a flow an edit is left alone, as before.
 */
export const editsInFlow: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!(ctx.editedMessage ?? ctx.editedBusinessMessage) || !activeFlow(ctx)) return next()
  if (withoutDetails(ctx)) {
    await ctx.reply(ctx.t('flows.edit_ignored'))
    return
  }
  const asked = ctx.chatId !== undefined && (await ctx.store.detailsRequests.get(String(ctx.chatId)))
  if (!asked) return refuseDetails(ctx, ctx.t)
  await ctx.deleteMessage().catch(() => {})
  await ctx.reply(ctx.t('flows.edit_ignored'))
}

/** The command a private message starts with (`/payout@bot 5` -> payout), or undefined. */
export function commandOf(ctx: BotContext): { name: string; payload: string } | undefined {
  const m = ctx.message
  if (!m?.text || m.chat.type !== 'private') return undefined
  if (!m.entities?.some((e) => e.type === 'bot_command' && e.offset === 0)) return undefined
  const [head = '', ...rest] = m.text.split(/\s+/)
  return { name: head.slice(1).split('@')[0]!.toLowerCase(), payload: rest.join(' ') }
}

/** The flow the chat is in, if any. */
export function activeFlow(ctx: BotContext): string | undefined {
  return Object.keys(ctx.conversation.active())[0]
}

/** The buttons of the question a flow waited on are taken away: the message stays, without buttons that look live. */
export async function dropQuestionButtons(ctx: BotContext) {
  if (ctx.chatId === undefined) return
  const messageId = await ctx.store.questions.take(String(ctx.chatId))
  if (messageId !== undefined) await ctx.api.editMessageReplyMarkup(ctx.chatId, messageId).catch(() => {})
}

/**
 * Ends whatever flow the chat is in, takes its buttons away and says what was not done (in `t`'s language: the chat's
 * own unless the partner just chose another); the flow's name, if any.
 */
export async function endFlow(ctx: BotContext, t: Translate = ctx.t): Promise<string | undefined> {
  const flow = activeFlow(ctx)
  if (!flow) return undefined
  await ctx.conversation.exitAll()
  // a details request of the flow ends with it: the next flow's text is that flow's, never payment details
  if (ctx.chatId !== undefined) await ctx.store.detailsRequests.clear(String(ctx.chatId))
  await dropQuestionButtons(ctx)
  await ctx.reply(cancelledText(t, flow))
  return flow
}

/** Enters a flow; one the chat is already in ends first, visibly (a flow waits for one thing at a time). */
export async function enterFlow(ctx: BotContext, flow: Flow, ...args: unknown[]) {
  await endFlow(ctx)
  await ctx.conversation.enter(flow, ...args)
}

/**
 * Inside a conversation, the message with buttons a question was asked in is remembered, so that /cancel can take
 * the buttons away (the conversation's own update is not at hand then).
 */
export async function rememberQuestion(conversation: Conversation<BotContext, Context>, messageId: number) {
  await conversation.external(async (o) => {
    if (o.chatId !== undefined) await o.store.questions.set(String(o.chatId), messageId)
  })
}

/**
 * Commands in the middle of a flow behave the same in every flow. /cancel ends it (mounted before). A command that
 * starts a flow (/payout, /dispute, /start with a program) ends the one in progress, says so, and starts its own.
 * Every other command is answered as it is outside a flow (by `answers`), followed by a reminder that the flow
 * still waits; an unknown command gets the usual hint. The flow itself never receives a command.
 */
export function commandsInFlow(answers: Composer<BotContext>): MiddlewareFn<BotContext> {
  const unknown = new Composer<BotContext>()
  unknown.use(answers)
  unknown.use((ctx) => ctx.reply(ctx.t('unhandled.text')))
  return async (ctx, next) => {
    const command = commandOf(ctx)
    const flow = command && activeFlow(ctx)
    if (!command || !flow || command.name === 'cancel') return next()
    if (STARTS_FLOW.includes(command.name) || (command.name === 'start' && command.payload)) {
      await endFlow(ctx)
      return next()
    }
    await unknown.middleware()(ctx, async () => {})
    await ctx.reply(stillWaitingText(ctx.t, flow))
  }
}
