import { Composer } from 'grammy'
import type { BotContext } from '../context.ts'
import { longDate } from '../format.ts'
import { termsSummary } from './join.ts'

/**
 * /terms: the terms in force of each program the partner is in, in short and in the partner's language, generated
 * from the definition the engine runs, with the date the partner accepted them.
 */
export const termsFeature = new Composer<BotContext>()

termsFeature.chatType('private').command('terms', async (ctx) => {
  if (!ctx.partner) return ctx.reply(ctx.t('payout.flow.not_partner'))
  const parts: string[] = []
  for (const e of ctx.partner.enrolments) {
    const program = ctx.core.programs.get(e.programKey)
    if (!program) continue
    const lines = [ctx.t('terms.title', { program: program.name }), termsSummary(ctx.t, program)]
    if (e.acceptedTermsAt) {
      lines.push(ctx.t('terms.accepted', { date: longDate(e.acceptedTermsAt, ctx.lang, program.timeZone) }))
    }
    parts.push(lines.join('\n'))
  }
  await ctx.reply(parts.length ? parts.join('\n\n') : ctx.t('payout.flow.no_programs'))
})
