import type { App, RespondFn } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { Core } from '../../../core/index.ts'
import type { DeskConfig } from '../../config.ts'
import type { I18n, Language, Translate } from '../../i18n/index.ts'
import type { PressKeys } from '../../seen-updates.ts'
import { can, type Permission, rolesFor } from '../roles.ts'
import { slackLanguages } from '../user-language.ts'
import { registerAdjustmentDesk } from './adjustments.ts'
import { registerApplicationDesk } from './applications.ts'
import { bonusSubcommands, registerBonusDesk } from './bonuses.ts'
import { registerCodeDesk } from './codes.ts'
import { registerPaCommand, type Subcommand } from './commands/pa.ts'
import { registerDealDesk } from './deals.ts'
import { registerDetailsDesk } from './details.ts'
import { disputeSubcommands, registerDisputeDesk } from './disputes.ts'
import { registerEndingDesk } from './endings.ts'
import { financeSubcommands, registerFinanceDesk } from './finance.ts'
import { registerFlagDesk } from './flags.ts'
import { registerHeldDesk } from './held.ts'
import { registerHomeDesk } from './home.ts'
import { ledgerSubcommands } from './ledger.ts'
import { partnerSubcommands, registerPartnerDesk } from './partners.ts'
import { payoutsCommand, registerPayopsDesk } from './payops.ts'
import { registerTermsDesk, termsSubcommands } from './terms.ts'
import { registerUnhandled } from './unhandled.ts'

export interface ListenerDeps {
  core: Core
  i18n: I18n
  logger: Logger
  desk: DeskConfig
  language: (client: WebClient, userId: string) => Promise<Language>
  /**
   * The key for a form a button opens that creates something (a bonus, a code): presses of the button close
   * together share it, so a double click that opened two forms does the thing once. Scope: user, button, value.
   */
  pressKey: PressKeys
  /** True when the user has the permission; otherwise the user is told (ephemerally) which roles have it. */
  allowed: (
    user: string,
    permission: Permission,
    tell: { respond?: RespondFn; client: WebClient; channel?: string },
  ) => Promise<boolean>
}

/** Every command, action, view and event listener, registered in one place; the catch-all last. */
export function registerListeners(
  app: App,
  deps: Omit<ListenerDeps, 'language' | 'allowed'> & { language?: ListenerDeps['language'] },
) {
  const language = deps.language ?? slackLanguages({ desk: deps.desk.language })
  const full: ListenerDeps = {
    ...deps,
    language,
    async allowed(user, permission, tell) {
      if (can(deps.desk, user, permission)) return true
      const t: Translate = deps.i18n.t(await language(tell.client, user))
      const roles = rolesFor(permission)
        .map((r) => t(`desk.roles.${r}`))
        .join(', ')
      const text = t('desk.refused', { roles })
      deps.logger.warn({ user, permission }, 'slack: refused, role missing')
      if (tell.respond) await tell.respond({ response_type: 'ephemeral', replace_original: false, text })
      else if (tell.channel) await tell.client.chat.postEphemeral({ channel: tell.channel, user, text })
      // a button on the App Home has neither: the refusal arrives as a direct message
      else await tell.client.chat.postMessage({ channel: user, text })
      return false
    },
  }
  /** Action ids that listeners above handle; anything else is answered by the catch-all. */
  const known = new Set<string>()
  const subcommands: Record<string, Subcommand> = {
    ...disputeSubcommands(full),
    ...financeSubcommands(full),
    ...ledgerSubcommands(full),
    ...partnerSubcommands(full),
    ...termsSubcommands(full),
    ...bonusSubcommands(full),
  }
  subcommands.payouts = payoutsCommand(full, subcommands.payouts)
  registerPaCommand(app, full, subcommands)
  for (const id of registerDisputeDesk(app, full)) known.add(id)
  for (const id of registerFinanceDesk(app, full)) known.add(id)
  for (const id of registerDetailsDesk(app, full)) known.add(id)
  for (const id of registerPartnerDesk(app, full)) known.add(id)
  for (const id of registerEndingDesk(app, full)) known.add(id)
  for (const id of registerApplicationDesk(app, full)) known.add(id)
  for (const id of registerTermsDesk(app, full)) known.add(id)
  for (const id of registerBonusDesk(app, full)) known.add(id)
  for (const id of registerAdjustmentDesk(app, full)) known.add(id)
  for (const id of registerDealDesk(app, full)) known.add(id)
  for (const id of registerPayopsDesk(app, full)) known.add(id)
  for (const id of registerCodeDesk(app, full)) known.add(id)
  for (const id of registerHomeDesk(app, full)) known.add(id)
  for (const id of registerHeldDesk(app, full)) known.add(id)
  for (const id of registerFlagDesk(app, full)) known.add(id)
  registerUnhandled(app, full, known)
}
