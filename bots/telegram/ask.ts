import type { Conversation } from '@grammyjs/conversations'
import { type Context, InlineKeyboard } from 'grammy'
import type { Translate } from '../i18n/index.ts'
import type { BotContext } from './context.ts'

/**
 * Asks with buttons inside a conversation and waits for one of them. Anything else gets a hint; a button of an
 * older question is answered as expired (each question's buttons carry their own nonce); the chosen keyboard
 * is removed so it cannot be pressed twice.
 */
export function askWithButtons(
  conversation: Conversation<BotContext, Context>,
  ctx: Context,
  t: Translate,
  prefix: string,
) {
  return async (text: string, options: [label: string, value: string][]) => {
    const nonce = Math.floor((await conversation.random()) * 36 ** 6).toString(36)
    const tag = `${prefix}:${nonce}:`
    const keyboard = new InlineKeyboard()
    for (const [label, value] of options) keyboard.text(label, `${tag}${value}`).row()
    await ctx.reply(text, { reply_markup: keyboard })
    const answer = await conversation
      .waitFor('callback_query:data', { otherwise: (c) => c.reply(t('payout.flow.use_buttons')) })
      .and((c) => c.callbackQuery.data.startsWith(tag), {
        otherwise: (c) => c.answerCallbackQuery({ text: t('payout.flow.expired') }),
      })
    await answer.answerCallbackQuery()
    await answer.editMessageReplyMarkup().catch(() => {})
    return answer.callbackQuery.data.slice(tag.length)
  }
}
