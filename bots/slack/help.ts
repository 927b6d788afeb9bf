import type { DeskConfig } from '../config.ts'
import type { Translate } from '../i18n/index.ts'
import { can, type Permission, rolesOf } from './roles.ts'

/**
 * Every `/pa` command with the permission it needs (null: anyone), in the order `/pa help` lists them; each has
 * its line in `pa_help.cmd.<name>`. A subcommand registered without an entry here stops the app at start-up
 * (`checkHelp`), so the help cannot miss a command.
 */
export const PA_COMMANDS = {
  help: null,
  status: 'service.status',
  disputes: 'disputes.work',
  partner: 'partners.view',
  payouts: 'payouts.decide',
  batches: 'payouts.decide',
  ledger: 'ledger.view',
  bonuses: 'bonuses.grant',
  terms: 'terms.publish',
} as const satisfies Record<string, Permission | null>
export type PaCommand = keyof typeof PA_COMMANDS

/** Throws when a registered subcommand has no line in `/pa help`. */
export function checkHelp(subcommands: readonly string[]) {
  const missing = subcommands.filter((s) => !Object.hasOwn(PA_COMMANDS, s))
  if (missing.length) throw new Error(`/pa help has no line for: ${missing.join(', ')} (bots/slack/help.ts)`)
}

/** `/pa help` for one user: the commands their roles let them use, and only those. */
export function helpText(desk: DeskConfig, user: string, t: Translate): string {
  const roles = rolesOf(desk, user)
  const lines = (Object.entries(PA_COMMANDS) as [PaCommand, Permission | null][])
    .filter(([, permission]) => permission === null || can(desk, user, permission))
    .map(([name]) => `• ${t(`pa_help.cmd.${name}`)}`)
  const head = roles.length
    ? [t('pa_help.title'), t('pa_help.roles', { roles: roles.map((r) => t(`desk.roles.${r}`)).join(', ') })]
    : [t('pa_help.title'), t('pa_help.no_role')]
  return [...head, ...lines].join('\n')
}
