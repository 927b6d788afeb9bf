import { Composer } from 'grammy'
import { programName } from '../../../core/programs/names.ts'
import type { BotContext } from '../context.ts'

export const startFeature = new Composer<BotContext>()

/**
 * A plain /start: the greeting, the programs the partner is in, and every other program with its join link and
 * how joining goes (the terms, then a few questions). A /start with a program (a join link) goes on to the join.
 */
startFeature.chatType('private').command('start', async (ctx, next) => {
  if (ctx.match) return next()
  const mine = new Set(ctx.partner?.enrolments.map((e) => e.programKey) ?? [])
  const programs = ctx.core.programs.list()
  const lines = [ctx.t('start.welcome', { name: ctx.from.first_name })]
  const joined = programs.filter((p) => mine.has(p.key))
  if (joined.length)
    lines.push('', ctx.t('start.your_programs', { programs: joined.map((p) => programName(p, ctx.lang)).join(', ') }))
  const open = programs.filter((p) => !mine.has(p.key))
  if (open.length) {
    lines.push('', ctx.t(joined.length ? 'start.more_programs' : 'start.programs'))
    for (const p of open) lines.push(`• ${programName(p, ctx.lang)}: https://t.me/${ctx.me.username}?start=${p.key}`)
    lines.push('', ctx.t('start.how_to_join'))
  }
  await ctx.reply(lines.join('\n'), { link_preview_options: { is_disabled: true } })
})

startFeature.chatType('private').command('help', async (ctx) => {
  await ctx.reply(ctx.t('help.text'))
})
