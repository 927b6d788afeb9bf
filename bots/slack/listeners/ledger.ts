import { endOfLocalDate, readDay } from '../../../core/domain/calendar.ts'
import { programName } from '../../../core/programs/names.ts'
import { amountText } from '../../i18n/format.ts'
import { deskDate } from '../../shared/dates.ts'
import { deskErrorText } from '../errors.ts'
import type { Subcommand } from './commands/pa.ts'
import type { ListenerDeps } from './index.ts'

/**
 * `/pa ledger <program> [currency] [YYYY-MM-DD]`: the program's trial balance, now or at the end of a past day, for
 * finance and admins.
 */
export function ledgerSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    ledger: async ({ args, command, respond, client, t }) => {
      if (!(await deps.allowed(command.user_id, 'ledger.view', { respond, client }))) return
      const [key = '', ...rest] = args.trim().split(/\s+/)
      const program = deps.core.programs.get(key)
      if (!program) {
        const known = deps.core.programs
          .list()
          .map((p) => `\`${p.key}\``)
          .join(', ')
        await respond({ response_type: 'ephemeral', text: t('ledger.usage', { known }) })
        return
      }
      // a currency and a day, in either order: the balance at the end of that day in the program's time zone
      let currency: string | undefined
      let at: Date | undefined
      for (const arg of rest.slice(0, 3)) {
        const day = readDay(arg)
        const end = day && endOfLocalDate(day, program.timeZone)
        if (/^[A-Za-z]{3}$/.test(arg) && !currency) currency = arg.toUpperCase()
        else if (end && !at && end.getTime() - 86_400_000 < deps.core.clock.now().getTime())
          // today's end is still to come: today is now
          at = end < deps.core.clock.now() ? end : deps.core.clock.now()
        else {
          await respond({ response_type: 'ephemeral', text: t('ledger.bad_argument', { given: arg.slice(0, 40) }) })
          return
        }
      }
      try {
        const trial = await deps.core.reports.trialBalance({ programKey: program.key, currency, at })
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
