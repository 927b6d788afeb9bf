import type { Conversation } from '@grammyjs/conversations'
import { type Context, InlineKeyboard } from 'grammy'
import type { Translate } from '../i18n/index.ts'
import { QUESTIONS, type Question, questionAnswer, questionData } from './callbacks.ts'
import type { BotContext } from './context.ts'
import { refuseDetails, rememberQuestion, withoutDetails } from './flows.ts'

/** Telegram's longest message text. */
const MAX_TEXT = 4096

/** Data of a flow question's button (`jn:<nonce>:…`, `po:…`), whichever flow asked it. */
const isQuestionData = (data: string) => Object.values(QUESTIONS).some((q) => data.startsWith(`${q}:`))

/** The flow each question's buttons belong to, for what a press on one says once that flow is over. */
const FLOW_OF: Record<Question, 'join' | 'dispute' | 'payout' | 'campaigns'> = {
  jn: 'join',
  dq: 'dispute',
  dsc: 'dispute',
  po: 'payout',
  cq: 'campaigns',
}

/**
 * What a press on a button nothing waits for is told: one of a flow's questions (the flow ended, or its state expired
 * after a day of silence), the command that shows where things stand and starts again; any other, that it is no
 * longer active.
 */
export function overButtonText(t: Translate, data: string | undefined): string {
  const question = Object.values(QUESTIONS).find((q) => data?.startsWith(`${q}:`))
  return question ? t(`flows.over.${FLOW_OF[question]}`) : t('unhandled.button')
}

/**
 * A press on a button that is no longer asked (an earlier question of the flow, or of a flow that ended): told in
 * an alert the partner cannot miss, and that message's buttons are taken away so they no longer look live.
 */
export async function answerStaleButton(c: Context, text: string) {
  await c.answerCallbackQuery({ text, show_alert: true })
  const data = c.callbackQuery?.data
  if (data && isQuestionData(data)) await c.editMessageReplyMarkup().catch(() => {})
}

/**
 * What a wait for a message answers when something else comes: a pressed button (an older message's, a list's) as
 * belonging to an earlier question, so it never keeps spinning; anything else with `hint`, what the wait wants.
 */
export const pressedOr = (t: Translate, hint: string) => (c: Context) =>
  c.callbackQuery ? answerStaleButton(c, t('flows.expired')) : c.reply(hint)

/**
 * The question's message keeps the partner's answer: its buttons are replaced by "✔️ <choice>", so the chat shows
 * what was chosen (a text too long for that gets the choice as a reply instead).
 */
export async function markChosen(c: Context, question: string, label: string) {
  // a label that already starts with a check mark ("✅ I accept the terms") is not marked twice
  const trace = /^(✅|✔️|☑️)/u.test(label) ? label : `✔️ ${label}`
  if (question.length + trace.length + 2 <= MAX_TEXT) {
    await c.editMessageText(`${question}\n\n${trace}`).catch(() => c.editMessageReplyMarkup().catch(() => {}))
    return
  }
  await c.editMessageReplyMarkup().catch(() => {})
  await c.reply(trace)
}

/** A press on one of a question's buttons: its value, the question's message, and `settle` still to be done. */
export interface Pressed {
  value: string
  /** The message the question was asked in (the same in every replay of the conversation). */
  messageId: number
  /** Answers the press (with `alert`, if given) and writes the choice under the question, taking its buttons away. */
  settle(alert?: string): Promise<void>
}

/**
 * Asks with buttons inside a conversation and waits for one of them. Anything else gets a hint; a button of an
 * older question is answered as expired (each question's buttons carry their own nonce), and data that is not one
 * of this question's options is refused like any unknown button; the chosen answer is written under the question
 * and the buttons removed, so it cannot be pressed twice. `ask.pressed` leaves the answer to the caller (settle),
 * for a press whose answer depends on what it did.
 */
export function askWithButtons(
  conversation: Conversation<BotContext, Context>,
  ctx: Context,
  t: Translate,
  question: Question,
) {
  const pressed = async (text: string, options: [label: string, value: string][]): Promise<Pressed> => {
    const nonce = Math.floor((await conversation.random()) * 36 ** 6).toString(36)
    const values = options.map(([, value]) => value)
    const keyboard = new InlineKeyboard()
    for (const [label, value] of options) keyboard.text(label, questionData(question, nonce, value)).row()
    const asked = await ctx.reply(text, { reply_markup: keyboard })
    await rememberQuestion(conversation, asked.message_id)
    const answer = await conversation
      .waitFor('callback_query:data', {
        // payment details typed instead of a press ("Pay to your saved details?" answered with new ones) leave the
        // chat as they do at any question that did not ask for them
        otherwise: (c) => (withoutDetails(c) ? c.reply(t('payout.flow.use_buttons')) : refuseDetails(c, t)),
      })
      .and((c) => questionAnswer(question, nonce, c.callbackQuery.data, values) !== 'other_question', {
        otherwise: (c) => answerStaleButton(c, t('flows.expired')),
      })
      .and((c) => questionAnswer(question, nonce, c.callbackQuery.data, values) !== undefined, {
        otherwise: (c) => answerStaleButton(c, t('unhandled.button')),
      })
    const value = questionAnswer(question, nonce, answer.callbackQuery.data, values) as string
    const settle = async (alert?: string) => {
      await answer.answerCallbackQuery(alert ? { text: alert, show_alert: true } : undefined)
      await markChosen(answer, text, options.find(([, v]) => v === value)![0])
    }
    return { value, messageId: asked.message_id, settle }
  }
  const ask = async (text: string, options: [label: string, value: string][]) => {
    const press = await pressed(text, options)
    await press.settle()
    return press.value
  }
  return Object.assign(ask, { pressed })
}
