import { Composer } from 'grammy'
import type { BotContext } from '../context.ts'

export const startFeature = new Composer<BotContext>()

startFeature.chatType('private').command('start', async (ctx) => {
  await ctx.reply(ctx.t('start.welcome', { name: ctx.from.first_name }))
})

startFeature.chatType('private').command('help', async (ctx) => {
  await ctx.reply(ctx.t('help.text'))
})
