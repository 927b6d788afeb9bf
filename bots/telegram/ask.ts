import type { Conversation } from '@grammyjs/conversations'
import { type Context, InlineKeyboard } from 'grammy'
import type { Translate } from '../i18n/index.ts'
import { type Question, questionAnswer, questionData } from './callbacks.ts'
import type { BotContext } from './context.ts'

/**
 * Asks with buttons inside a conversation and waits for one of them. Anything else gets a hint; a button of an
 * older question is answered as expired (each question's buttons carry their own nonce), and data that is not one
 * of this question's options is refused like any unknown button; the chosen keyboard is removed so it cannot be
 * pressed twice.
 */
export function askWithButtons(
  conversation: Conversation<BotContext, Context>,
  ctx: Context,
  t: Translate,
  question: Question,
) {
  return async (text: string, options: [label: string, value: string][]) => {
    const nonce = Math.floor((await conversation.random()) * 36 ** 6).toString(36)
    const values = options.map(([, value]) => value)
    const keyboard = new InlineKeyboard()
    for (const [label, value] of options) keyboard.text(label, questionData(question, nonce, value)).row()
    await ctx.reply(text, { reply_markup: keyboard })
    const answer = await conversation
      .waitFor('callback_query:data', { otherwise: (c) => c.reply(t('payout.flow.use_buttons')) })
      .and((c) => questionAnswer(question, nonce, c.callbackQuery.data, values) !== 'other_question', {
        otherwise: (c) => c.answerCallbackQuery({ text: t('payout.flow.expired') }),
      })
      .and((c) => questionAnswer(question, nonce, c.callbackQuery.data, values) !== undefined, {
        otherwise: (c) => c.answerCallbackQuery({ text: t('unhandled.button') }),
      })
    await answer.answerCallbackQuery()
    await answer.editMessageReplyMarkup().catch(() => {})
    return questionAnswer(question, nonce, answer.callbackQuery.data, values) as string
  }
}
