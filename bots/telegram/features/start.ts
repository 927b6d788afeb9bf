import { Composer } from 'grammy'
import { exclusiveConflict } from '../../../core/domain/enrolment-status.ts'
import { programName } from '../../../core/programs/names.ts'
import type { BotContext } from '../context.ts'

export const startFeature = new Composer<BotContext>()

/** Where a partner still stands in a program: applied for, active or blocked; any other status has ended. */
const STANDING = new Set(['applied', 'active', 'blocked'])

/**
 * A plain /start: the greeting, the programs the partner is in, and every program they can join with its join link
 * and how joining goes (the terms, then a few questions). A program whose agreement ended (left, declined,
 * disqualified) is neither theirs nor one to join (its link refuses to start it again), and neither is one the
 * partner's standing excludes (worksection-referral beside worksection-partner): the join link would refuse both.
 * A /start with a program (a join link) goes on to the join.
 */
startFeature.chatType('private').command('start', async (ctx, next) => {
  if (ctx.match) return next()
  const enrolments = ctx.partner?.enrolments ?? []
  const mine = new Set(enrolments.filter((e) => STANDING.has(e.status)).map((e) => e.programKey))
  const ever = new Set(enrolments.map((e) => e.programKey))
  const programs = ctx.core.programs.list()
  const lines = [ctx.t('start.welcome', { name: ctx.from.first_name })]
  const joined = programs.filter((p) => mine.has(p.key))
  if (joined.length)
    lines.push('', ctx.t('start.your_programs', { programs: joined.map((p) => programName(p, ctx.lang)).join(', ') }))
  const open = programs.filter((p) => !ever.has(p.key) && !exclusiveConflict(p.enrolment.exclusiveWith, enrolments))
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
