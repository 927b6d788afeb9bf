import type { App } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { Core } from '../../../core/index.ts'
import type { I18n, Language } from '../../i18n/index.ts'
import { slackLanguages } from '../user-language.ts'
import { registerPaCommand } from './commands/pa.ts'
import { registerUnhandled } from './unhandled.ts'

export interface ListenerDeps {
  core: Core
  i18n: I18n
  logger: Logger
  language: (client: WebClient, userId: string) => Promise<Language>
}

/** Every command, action, view and event listener, registered in one place. */
export function registerListeners(app: App, deps: Omit<ListenerDeps, 'language'>) {
  const full: ListenerDeps = { ...deps, language: slackLanguages(deps.i18n) }
  registerPaCommand(app, full)
  /** Action ids that listeners above handle; anything else is answered by the catch-all. */
  const knownActions = new Set<string>()
  registerUnhandled(app, full, knownActions)
}
