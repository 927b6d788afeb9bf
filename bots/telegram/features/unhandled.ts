import { Composer } from 'grammy'
import type { BotContext } from '../context.ts'

/** Mounted last: whatever no feature took gets a helpful answer, and no button is left spinning. */
export const unhandledFeature = new Composer<BotContext>()

unhandledFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('unhandled.button') })
})

unhandledFeature.chatType('private').on('message', async (ctx) => {
  await ctx.reply(ctx.t('unhandled.text'))
})
