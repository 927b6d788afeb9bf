import type { Context } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { Language, Translate } from '../i18n/index.ts'

/** What every handler reaches: core, a per-update logger, the user's language and its `t`. */
export interface BotExtras {
  core: Core
  log: Logger
  lang: Language
  t: Translate
}

export type BotContext = Context & BotExtras
