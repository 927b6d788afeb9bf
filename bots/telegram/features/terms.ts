import { Composer, InlineKeyboard } from 'grammy'
import { isDomainError } from '../../../core/domain/errors.ts'
import { cutText } from '../../../core/domain/text.ts'
import { programName } from '../../../core/programs/names.ts'
import { endDate, termsDate } from '../../shared/dates.ts'
import { endingText, moneyText, previewFacts } from '../../shared/ending-text.ts'
import { programTermsText, splitForTelegram } from '../../shared/program-terms.ts'
import { acknowledgeKeyboard, CALLBACKS, objectKeyboard, onCallback, termsKeyboard } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import { longDate, partnerErrorText } from '../format.ts'
import { programNames } from './join.ts'

/**
 * /terms: per program the partner is in, the terms in force (every material rule, generated from the definition the
 * engine runs, and the published version) and every change still to come, with Acknowledge and Object buttons (and the
 * latest change in force too while the partner it was broadcast to has not answered it); the buttons of a broadcast
 * land here too.
 */
export const termsFeature = new Composer<BotContext>()

termsFeature.chatType('private').command('terms', async (ctx) => {
  if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
  const keys = ctx.partner.enrolments.map((e) => e.programKey)
  const published = await ctx.core.terms.forPartner(ctx.partner.partnerId, keys, ctx.lang)
  // the published changes as the database has them (another instance may have published one)
  await ctx.core.terms.loadAmendments()
  const names = programNames(ctx.core.programs.list(), ctx.lang)
  const reader = { t: ctx.t, language: ctx.lang, programName: (k: string) => names[k] ?? k }
  for (const e of ctx.partner.enrolments) {
    // the terms as the engine runs them today: a published change in force included
    const program = ctx.core.programs.at(e.programKey, ctx.core.clock.now())
    if (!program) continue
    const zone = program.timeZone
    const mine = published.find((p) => p.programKey === e.programKey)
    const lines = [ctx.t('terms.title', { program: programName(program, ctx.lang) }), programTermsText(reader, program)]
    if (mine?.inForce) {
      lines.push(
        '',
        ctx.t('terms.in_force', {
          version: mine.inForce.version,
          date: termsDate(mine.inForce.effectiveAt, ctx.lang, zone),
        }),
      )
      lines.push(mine.inForce.text)
    }
    if (e.acceptedTermsAt)
      lines.push('', ctx.t('terms.accepted', { date: longDate(e.acceptedTermsAt, ctx.lang, zone) }))
    // an application the company has not decided, or declined, says so (contract section 7)
    if (e.status === 'applied' || e.status === 'declined')
      lines.push('', ctx.t(`applications.terms_status.${e.status}`))
    if (mine?.endsAt) lines.push(ctx.t('terms.ends', { date: longDate(mine.endsAt, ctx.lang, zone) }))
    for (const part of splitForTelegram(lines.join('\n'))) await ctx.reply(part)
    // the latest change in force, broadcast to this partner but not answered (the broadcast missed them: a failed
    // send, a blocked bot, a lost message): answered here, saying it already applies; its objection counts as the
    // program's terms say (a window still open ends a worksection-referral agreement; elsewhere it is recorded)
    const now = mine?.inForce?.unanswered && !UNANSWERABLE.has(e.status) ? mine.inForce : undefined
    if (now) {
      const text = [
        ctx.t('terms.in_force_unanswered', { version: now.version, date: termsDate(now.effectiveAt, ctx.lang, zone) }),
        '',
        now.text,
        ...(now.objectionDeadline ? objectionWindowLines(ctx, now, zone) : ['', ctx.t('terms.change.object_recorded')]),
      ].join('\n')
      await ctx.reply(cutText(text, 4096), {
        reply_markup: now.canObject ? termsKeyboard(ctx.t, now.id) : acknowledgeKeyboard(ctx.t, now.id),
      })
    }
    for (const p of mine?.pending ?? []) {
      // an ended agreement (an objection to another change ended it) has nothing left to answer, nor has an
      // application waiting for approval or declined: there is no agreement whose terms change
      const answerable = p.answer !== 'objected' && !UNANSWERABLE.has(e.status)
      const text = [
        ctx.t('terms.pending', { version: p.version, date: termsDate(p.effectiveAt, ctx.lang, zone) }),
        '',
        p.text,
        ...(p.answer ? ['', ctx.t(`terms.your_answer.${p.answer}` as 'terms.your_answer.acknowledged')] : []),
        ...(answerable ? objectionWindowLines(ctx, p, zone) : []),
      ].join('\n')
      // the Object button only while this partner's window is open (it runs from when they were told); closed, an
      // unanswered change may still be acknowledged
      const keyboard = !answerable
        ? undefined
        : p.answer !== 'acknowledged'
          ? p.canObject
            ? termsKeyboard(ctx.t, p.id)
            : acknowledgeKeyboard(ctx.t, p.id)
          : p.objectionWindow && p.canObject
            ? objectKeyboard(ctx.t, p.id)
            : undefined
      await ctx.reply(cutText(text, 4096), { reply_markup: keyboard })
    }
  }
})

/** Enrolments with no agreement in force whose terms a change could alter (core refuses their answers too). */
const UNANSWERABLE = new Set(['terminated', 'applied', 'declined'])

/**
 * The window to object to a pending change, where the terms give one: its last moment (in the program's zone, as the
 * broadcast named it) while open; once closed, that it has (unless acknowledged: nothing is left to object to).
 */
function objectionWindowLines(
  ctx: BotContext,
  p: { answer?: string; canObject: boolean; objectionDeadline?: string },
  zone: string,
): string[] {
  if (!p.objectionDeadline) return []
  const date = endDate(ctx.lang, new Date(p.objectionDeadline), zone)
  if (p.canObject) return ['', ctx.t('terms.change.object_until', { date })]
  return p.answer ? [] : ['', ctx.t('terms.change.object_closed', { date })]
}

/**
 * «Back» on an objection's confirmation: nothing changed, unless the standing moved on since it was shown (an
 * objection confirmed on another one): an agreement that ended, or is ending, says so with its end date and what
 * happens to the money, as the notice of it did; an objection recorded without ending it stands.
 */
async function backText(ctx: BotContext, partnerId: string, preview: { programKey: string; answer?: string }) {
  const name = programName(ctx.core.programs.get(preview.programKey), ctx.lang, preview.programKey)
  const ending = await ctx.core.endings.notice(partnerId, preview.programKey)
  if (ending) return endingText(ctx.t, ctx.lang, ending, ending.endsAt <= ctx.core.clock.now() ? 'ended' : 'ending')
  if (preview.answer === 'objected') return ctx.t('terms.object.stands', { program: name })
  return ctx.t('terms.object.kept', { program: name })
}

/** A refusal (a withdrawn change, a program left) as an alert in the partner's words; anything else is thrown. */
function alertRefusal(ctx: BotContext, e: unknown) {
  if (!isDomainError(e) || e.code === 'service.unavailable') throw e
  return ctx.answerCallbackQuery({
    text: partnerErrorText(ctx.t, ctx.lang, e, { programs: ctx.core.programs }),
    show_alert: true,
  })
}

/**
 * Acknowledge or object, from the broadcast message or /terms: recorded once, answered in the partner's words. An
 * objection that ends the agreement (worksection-referral) is asked first, as leaving a program is: the end date and
 * what happens to the money, with Confirm and Back; one that is only recorded is taken at once.
 */
onCallback(termsFeature, CALLBACKS.terms, async (ctx, { answer, versionId }) => {
  if (!ctx.partner) return ctx.answerCallbackQuery({ text: ctx.t('start.not_partner'), show_alert: true })
  const partnerId = ctx.partner.partnerId
  if (answer === 'obj' || answer === 'obj_no') {
    let preview: Awaited<ReturnType<typeof ctx.core.terms.previewObjection>>
    try {
      preview = await ctx.core.terms.previewObjection({ partnerId, versionId })
    } catch (e) {
      return alertRefusal(ctx, e)
    }
    const program = ctx.core.programs.get(preview.programKey)
    if (answer === 'obj_no') {
      await ctx.answerCallbackQuery()
      const text = await backText(ctx, partnerId, preview)
      return ctx.editMessageText(text).catch(() => {})
    }
    const ending = ctx.core.endings.preview(preview.programKey, 'terms_objection')
    if (preview.endsAgreement && program && ending) {
      await ctx.answerCallbackQuery()
      const head = ctx.t('terms.object.confirm', {
        program: programName(program, ctx.lang),
        date: endDate(ctx.lang, ending.endsAt, program.timeZone),
      })
      // the change's own buttons stay: the partner may still acknowledge it instead
      return ctx.reply(`${head}\n\n${moneyText(ctx.t, ctx.lang, previewFacts(program, ending))}`, {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('terms.object.yes'), CALLBACKS.terms.encode({ answer: 'obj_yes', versionId }))
          .row()
          .text(ctx.t('terms.object.no'), CALLBACKS.terms.encode({ answer: 'obj_no', versionId })),
      })
    }
  }
  let r: Awaited<ReturnType<typeof ctx.core.terms.answer>>
  try {
    r = await ctx.core.terms.answer({
      partnerId,
      versionId,
      kind: answer === 'ack' ? 'acknowledged' : 'objected',
      inBot: true,
    })
  } catch (e) {
    return alertRefusal(ctx, e)
  }
  await ctx.answerCallbackQuery()
  await ctx.editMessageReplyMarkup().catch(() => {})
  const program = ctx.core.programs.get(r.programKey)
  const name = programName(program, ctx.lang, r.programKey)
  if (r.repeated) return ctx.reply(ctx.t('terms.answer.already'))
  if (r.kind === 'acknowledged')
    return ctx.reply(ctx.t('terms.answer.acknowledged', { program: name, version: r.version }))
  if (r.agreementEndsAt)
    return ctx.reply(
      ctx.t('terms.answer.objected_ends', {
        program: name,
        date: endDate(ctx.lang, new Date(r.agreementEndsAt), program?.timeZone ?? 'UTC'),
      }),
    )
  return ctx.reply(ctx.t(r.late ? 'terms.answer.objected_late' : 'terms.answer.objected', { program: name }))
})
