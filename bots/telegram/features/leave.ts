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
    // an application the company has not decided yet is no agreement: taking it back ends it at once
    const applied = partner?.enrolments.find((e) => e.programKey === key)?.status === 'applied'
    const preview = ctx.core.endings.preview(key, 'partner_request', applied)
    if (!partner || !program || !preview) return ctx.reply(ctx.t('unhandled.button'))
    const name = programName(program, ctx.lang)
    // a button from before (the list, a confirmation) or a forged one: what the partner's standing is now
    const stale = await staleAnswer(ctx, partner, key, step, preview.endsAt)
    if (stale) {
      if (step === 'no') return ctx.editMessageText(stale).catch(() => {})
      // a confirmation's «Yes» is spent: its buttons go, as after leaving
      if (step === 'yes') await ctx.editMessageReplyMarkup().catch(() => {})
      return ctx.reply(stale)
    }
    if (step === 'no') return ctx.editMessageText(ctx.t('endings.leave.kept', { program: name })).catch(() => {})
    if (step === 'ask') {
      const facts = previewFacts(program, preview)
      const head = preview.noticeHours
        ? ctx.t('endings.leave.confirm', { program: name, date: endDate(ctx.lang, preview.endsAt, program.timeZone) })
        : ctx.t('endings.leave.confirm_now', { program: name })
      // an applicant has earned nothing and has no links: what they confirm is the application taken back
      const text = applied
        ? ctx.t('endings.leave.confirm_application', { program: name })
        : `${head}\n\n${moneyText(ctx.t, ctx.lang, facts)}`
      return ctx.reply(text, {
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
      if (applied) return ctx.reply(ctx.t('endings.leave.withdrawn', { program: name }))
      return ctx.reply(endingText(ctx.t, ctx.lang, facts, r.status === 'ended' ? 'ended' : 'ending'))
    } catch (e) {
      if (!isDomainError(e) || e.code === 'service.unavailable') throw e
      return ctx.reply(partnerErrorText(ctx.t, ctx.lang, e, { programs: ctx.core.programs }))
    }
  })
  return feature
}

/**
 * What a leave button says when the partner's standing has moved on since it was shown (undefined: it still applies):
 * not in the program (a forged button, an application declined), or an agreement that has ended, or (before «Yes»
 * or «No, stay») one already ending no later than leaving would end it: its end date and what happens to the money,
 * as the answer to leaving said.
 */
async function staleAnswer(
  ctx: BotContext,
  partner: ChatPartner,
  key: string,
  step: string,
  leavingEndsAt: Date,
): Promise<string | undefined> {
  const enrolment = partner.enrolments.find((e) => e.programKey === key)
  const facts = enrolment?.status === 'terminated' ? await ctx.core.endings.notice(partner.partnerId, key) : null
  if (facts) return endingText(ctx.t, ctx.lang, facts, 'ended')
  if (!enrolment || !LIVE.includes(enrolment.status)) {
    const refusal = { code: 'enrolment.not_found' as const, data: { partner: partner.partnerId, program: key } }
    return partnerErrorText(ctx.t, ctx.lang, refusal, { programs: ctx.core.programs })
  }
  // «Yes» again on an agreement already ending is answered by core (the same end date, repeated)
  if (step === 'yes') return undefined
  // an ending leaving would not bring forward: leaving changes nothing, and staying is not what happens
  const ending = await ctx.core.endings.notice(partner.partnerId, key)
  if (!ending || ending.endsAt > leavingEndsAt) return undefined
  return endingText(ctx.t, ctx.lang, ending, ending.endsAt <= ctx.core.clock.now() ? 'ended' : 'ending')
}
