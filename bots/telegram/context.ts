import type { ConversationFlavor } from '@grammyjs/conversations'
import type { Context } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { ChatPartner } from '../../core/ports/partner-directory.ts'
import type { Language, Translate } from '../i18n/index.ts'
import type { ConversationStore } from './conversation-store.ts'

/** What every handler reaches: core, a per-update logger, the user's language and its `t`, and who they are. */
export interface BotExtras {
  core: Core
  log: Logger
  lang: Language
  t: Translate
  /** The partner behind this Telegram account (null: not a partner yet). Only ever this chat's own partner. */
  partner: ChatPartner | null
  /** What the bot keeps per chat between updates (flows, their open question, a stranger's language). */
  store: ConversationStore
  /** Where the Mini App is served (undefined: nowhere Telegram can open it, so no dashboard buttons). */
  miniAppBase?: () => string | undefined
}

export type BotContext = ConversationFlavor<Context & BotExtras>
