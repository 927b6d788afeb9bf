import type { InlineKeyboard, MiddlewareFn } from 'grammy'
import { type MiniAppTab, miniAppUrl } from '../miniapp/launch.ts'
import type { BotContext } from './context.ts'

/** Chats whose menu button was set in this process (chat -> language and URL), the newest this many. */
const REMEMBERED_MENUS = 10_000

/**
 * Adds an "Open dashboard" button that opens the Mini App on `tab` (a web_app button), when the Mini App is served
 * somewhere Telegram can open it (PUBLIC_URL over https, or the sandbox). Without one, the keyboard is as it was.
 */
export function withDashboardButton(ctx: BotContext, keyboard: InlineKeyboard, tab: MiniAppTab): InlineKeyboard {
  const base = ctx.miniAppBase?.()
  if (!base) return keyboard
  // on a row of its own (a keyboard whose last row is still empty takes it there)
  if (keyboard.inline_keyboard.at(-1)?.length) keyboard.row()
  return keyboard.webApp(ctx.t('miniapp.open'), miniAppUrl(base, tab))
}

/**
 * The chat's menu button opens the Mini App, labelled in the partner's language: set for a partner's private chat
 * once per process and language (Telegram keeps it for the chat), after the update is answered, so no reply waits
 * for it. A failure is logged and tried again with the chat's next update.
 */
export function dashboardMenuButton(): MiddlewareFn<BotContext> {
  const done = new Map<number, string>()
  return async (ctx, next) => {
    await next()
    const base = ctx.miniAppBase?.()
    if (!base || !ctx.partner || ctx.chat?.type !== 'private') return
    const chat = ctx.chat.id
    const key = `${ctx.lang} ${base}`
    if (done.get(chat) === key) return
    done.delete(chat)
    done.set(chat, key)
    if (done.size > REMEMBERED_MENUS) done.delete(done.keys().next().value!)
    try {
      await ctx.api.setChatMenuButton({
        chat_id: chat,
        menu_button: { type: 'web_app', text: ctx.t('miniapp.menu'), web_app: { url: miniAppUrl(base) } },
      })
    } catch (err) {
      done.delete(chat)
      ctx.log.warn({ err }, 'telegram: the dashboard menu button could not be set')
    }
  }
}
