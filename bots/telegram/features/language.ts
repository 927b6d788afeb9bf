import { Composer, InlineKeyboard } from 'grammy'
import { type I18n, LANGUAGES, languageName } from '../../i18n/index.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import type { BotContext } from '../context.ts'

/** Native names: each language is offered in itself. */

/**
 * /language: the partner picks the language of every message (notifications and broadcasts included); until
 * then the Telegram app's language is used.
 */
export function languageFeature(i18n: I18n) {
  const feature = new Composer<BotContext>()
  feature.chatType('private').command('language', async (ctx) => {
    const keyboard = new InlineKeyboard()
    for (const l of LANGUAGES)
      keyboard.text(`${l === ctx.lang ? '✓ ' : ''}${languageName(l)}`, CALLBACKS.language.encode({ language: l })).row()
    await ctx.reply(ctx.t('language.choose'), { reply_markup: keyboard })
  })
  onCallback(feature, CALLBACKS.language, async (ctx, { language: chosen }) => {
    if (!ctx.partner) {
      await ctx.answerCallbackQuery({ text: ctx.t('language.not_partner') })
      return
    }
    await ctx.core.partners.setLanguage(ctx.partner.partnerId, chosen)
    const t = i18n.t(chosen)
    await ctx.answerCallbackQuery()
    await ctx.editMessageText(t('language.changed', { language: languageName(chosen) })).catch(() => {})
  })
  return feature
}
