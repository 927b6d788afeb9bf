import { Composer, InlineKeyboard } from 'grammy'
import { type I18n, LANGUAGES, languageName } from '../../i18n/index.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import { endFlow } from '../flows.ts'

/** The choice of languages, each offered in itself (native names), the current one ticked. */
export async function askLanguage(ctx: BotContext) {
  const keyboard = new InlineKeyboard()
  for (const l of LANGUAGES)
    keyboard.text(`${l === ctx.lang ? '✓ ' : ''}${languageName(l)}`, CALLBACKS.language.encode({ language: l })).row()
  await ctx.reply(ctx.t('language.choose'), { reply_markup: keyboard })
}

/**
 * /language (and /settings -> Language): the language of every message (notifications and broadcasts included),
 * until then the Telegram app's. Someone who has not joined yet may choose too: it is kept for the chat, and the
 * join takes it over.
 */
export function languageFeature(i18n: I18n) {
  const feature = new Composer<BotContext>()
  feature.chatType('private').command('language', askLanguage)
  onCallback(feature, CALLBACKS.language, async (ctx, { language: chosen }) => {
    if (ctx.partner) await ctx.core.partners.setLanguage(ctx.partner.partnerId, chosen)
    else if (ctx.chatId !== undefined) await ctx.store.languages.set(String(ctx.chatId), chosen)
    const t = i18n.t(chosen)
    const changed = t('language.changed', { language: languageName(chosen) })
    // the press is answered where the finger is (a toast), and the question becomes the answer
    await ctx.answerCallbackQuery({ text: changed })
    await ctx.editMessageText(changed).catch(() => {})
    // a flow under way speaks the language it started in to its end: it ends, said in the new one, to start again in it
    if (chosen !== ctx.lang) await endFlow(ctx, t)
  })
  return feature
}
