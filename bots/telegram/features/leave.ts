import { Composer, InlineKeyboard } from 'grammy'
import { isDomainError } from '../../../core/domain/errors.ts'
import type { ChatPartner } from '../../../core/ports/partner-directory.ts'
import { programName } from '../../../core/programs/names.ts'
import { endDate } from '../../shared/dates.ts'
import { endingText, moneyText, previewFacts } from '../../shared/ending-text.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import { partnerErrorText } from '../format.ts'

/** The standings a partner may leave: their agreement is in force (or their application waits). */
const LIVE = ['applied', 'active', 'blocked']

/** /settings -> "Leave a program": the programs the partner is in, one button each. */
export async function askWhichProgram(ctx: BotContext, partner: ChatPartner) {
  const live = partner.enrolments.filter((e) => LIVE.includes(e.status))
  if (!live.length) return ctx.reply(ctx.t('endings.leave.none'))
  const keyboard = new InlineKeyboard()
  for (const e of live)
    keyboard
      .text(
        programName(ctx.core.programs.get(e.programKey), ctx.lang, e.programKey),
        CALLBACKS.leave.encode({ step: 'ask', program: e.programKey }),
      )
      .row()
  return ctx.reply(ctx.t('endings.leave.choose'), { reply_markup: keyboard })
}

/**
 * Leaving a program, as its terms allow (worksection-referral 7.1: by writing to support, at once;
 * worksection-partner 9.1: 31 days' notice): first the confirmation, with the end date and what happens to the
 * partner's money, then the ending itself. The answer is the partner's notice of it.
 */
export function leaveFeature() {
  const feature = new Composer<BotContext>()
  onCallback(feature, CALLBACKS.leave, async (ctx, { step, program: key }) => {
    await ctx.answerCallbackQuery()
    const partner = ctx.partner
    const program = ctx.core.programs.get(key)
    const preview = ctx.core.endings.preview(key, 'partner_request')
    if (!partner || !program || !preview) return ctx.reply(ctx.t('unhandled.button'))
    const name = programName(program, ctx.lang)
    if (step === 'no') return ctx.editMessageText(ctx.t('endings.leave.kept', { program: name })).catch(() => {})
    if (step === 'ask') {
      const facts = previewFacts(program, preview)
      const head = preview.noticeHours
        ? ctx.t('endings.leave.confirm', { program: name, date: endDate(ctx.lang, preview.endsAt, program.timeZone) })
        : ctx.t('endings.leave.confirm_now', { program: name })
      return ctx.reply(`${head}\n\n${moneyText(ctx.t, ctx.lang, facts)}`, {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('endings.leave.yes'), CALLBACKS.leave.encode({ step: 'yes', program: key }))
          .row()
          .text(ctx.t('endings.leave.no'), CALLBACKS.leave.encode({ step: 'no', program: key })),
      })
    }
    try {
      const r = await ctx.core.endings.leave({ partnerId: partner.partnerId, programKey: key })
      const facts = await ctx.core.endings.notice(partner.partnerId, key)
      ctx.log.info({ partner: partner.partnerId, program: key, endsAt: r.endsAt }, 'partner leaves a program')
      await ctx.editMessageReplyMarkup().catch(() => {})
      if (!facts) return ctx.reply(ctx.t('unhandled.button'))
      return ctx.reply(endingText(ctx.t, ctx.lang, facts, r.status === 'ended' ? 'ended' : 'ending'))
    } catch (e) {
      if (!isDomainError(e) || e.code === 'service.unavailable') throw e
      return ctx.reply(partnerErrorText(ctx.t, ctx.lang, e, { programs: ctx.core.programs }))
    }
  })
  return feature
}
