import { Composer } from 'grammy'
import { answerStaleButton, overButtonText } from '../ask.ts'
import type { BotContext } from '../context.ts'

/** Mounted last: whatever no feature took gets a helpful answer, and no button is left spinning. */
export const unhandledFeature = new Composer<BotContext>()

// a button of a flow that is over (or of a removed feature): said in an alert, with the way on for a flow's question,
// and a flow's keyboard taken away
unhandledFeature.on('callback_query', async (ctx) => {
  await answerStaleButton(ctx, overButtonText(ctx.t, ctx.callbackQuery.data))
})

unhandledFeature.chatType('private').on('message', async (ctx) => {
  await ctx.reply(ctx.t('unhandled.text'))
})
