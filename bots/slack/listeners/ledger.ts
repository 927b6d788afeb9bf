import { programName } from '../../../core/programs/names.ts'
import { amountText } from '../../i18n/format.ts'
import { deskDate } from '../../shared/dates.ts'
import { deskErrorText } from '../errors.ts'
import type { Subcommand } from './commands/pa.ts'
import type { ListenerDeps } from './index.ts'

/** `/pa ledger <program> [currency]`: the program's trial balance, for finance and admins. */
export function ledgerSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    ledger: async ({ args, command, respond, client, t }) => {
      if (!(await deps.allowed(command.user_id, 'ledger.view', { respond, client }))) return
      const [key = '', currency] = args.trim().split(/\s+/)
      const program = deps.core.programs.get(key)
      if (!program) {
        const known = deps.core.programs
          .list()
          .map((p) => `\`${p.key}\``)
          .join(', ')
        await respond({ response_type: 'ephemeral', text: t('ledger.usage', { known }) })
        return
      }
      try {
        const trial = await deps.core.reports.trialBalance({
          programKey: program.key,
          currency: currency?.toUpperCase(),
        })
        const language = await deps.language(client, command.user_id)
        const money = (amount: string) => amountText(language, amount, trial.currency)
        const text = [
          t('ledger.title', {
            program: programName(program, language),
            currency: trial.currency,
            at: deskDate(trial.at, language, program.timeZone, { time: true }),
          }),
          ...trial.accounts.map((a) =>
            t('ledger.line', {
              account: t(`ledger.account.${a.account}` as 'ledger.account.earned'),
              balance: money(a.balance),
            }),
          ),
          t('ledger.total', { total: money(trial.total) }),
          t('ledger.owed', { owed: money(trial.owedToPartners) }),
        ].join('\n')
        await respond({ response_type: 'ephemeral', text })
      } catch (e) {
        const language = await deps.language(client, command.user_id)
        const text = deskErrorText(deps, t, language, e, { command: 'ledger', program: program.key })
        await respond({ response_type: 'ephemeral', text })
      }
    },
  }
}
